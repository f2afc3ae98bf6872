import { neutralise, type Cell, type ExportMeta, type ExportTable } from "./cells";

// RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheet programs read the
// Chinese labels right. The metadata rows come first, then an empty row, then the table.

function field(v: Cell): string {
  if (v === null) return "";
  const s = typeof v === "number" ? String(v) : neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: Cell[]) => cells.map(field).join(",");

export function toCsv(meta: ExportMeta, table: ExportTable): string {
  const out = [...meta.map(([k, v]) => line([k, v])), "", line(table.columns.map((c) => c.label)), ...table.rows.map(line)];
  return `\uFEFF${out.join("\r\n")}\r\n`;
}
