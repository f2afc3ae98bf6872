import { neutralise, type Cell, type ExportMeta, type ExportTable } from "./cells";

// RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheet programs read the
// Chinese labels right. The metadata rows come first, then an empty row, then the table.

function field(v: Cell): string {
  if (v === null) return "";
  const s = typeof v === "number" ? String(v) : neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: Cell[]) => cells.map(field).join(",");

/** Rows as CSV lines, each ending in CRLF (for streaming a table a page at a time). */
export const csvRows = (rows: Cell[][]) => rows.map((r) => `${line(r)}\r\n`).join("");

/** The start of a file: byte-order mark, metadata, an empty row, the column labels. */
export const csvHead = (meta: ExportMeta, table: Pick<ExportTable, "columns">) =>
  `\uFEFF${csvRows([...meta.map(([k, v]) => [k, v]), [""]])}${csvRows([table.columns.map((c) => c.label)])}`;

/** How many lines csvHead writes: a client counting rows by line skips these. */
export const csvHeadLines = (meta: ExportMeta) => meta.length + 2;

export function toCsv(meta: ExportMeta, table: ExportTable): string {
  return `${csvHead(meta, table)}${csvRows(table.rows)}`;
}
