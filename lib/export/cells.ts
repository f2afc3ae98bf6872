// Cell values for exported files, and the two safety rules every writer applies.

export type Cell = string | number | null;

export interface ExportColumn {
  label: string;
  /** money: exact decimal string in CSV, a number with two decimals in XLSX */
  kind?: "text" | "int" | "number" | "money" | "percent";
}

export interface ExportTable {
  name: string;
  columns: ExportColumn[];
  rows: Cell[][];
}

/** The lines on top of every file: what was exported, for whom, when, in which time zone. */
export type ExportMeta = [label: string, value: string][];

// OWASP "CSV injection": a spreadsheet treats a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe, so it is shown, never evaluated. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A file name from parts: ASCII letters, digits, dot, dash and underscore only, at most 120 characters. */
export function safeFileName(parts: string[], extension: string): string {
  const stem = parts
    .map((p) => p.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, ""))
    .filter(Boolean)
    .join("_")
    .slice(0, 120);
  return `${stem || "export"}.${extension.replace(/[^a-z0-9]/g, "")}`;
}
