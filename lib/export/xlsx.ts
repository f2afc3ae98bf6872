import "server-only";
import ExcelJS from "exceljs";
import { neutralise, type Cell, type ExportColumn, type ExportMeta, type ExportTable } from "./cells";

// XLSX: a sheet "About" ("说明") with the metadata, then one sheet per table with typed
// cells (numbers stay numbers; text is always a text cell, never a formula).

const FORMAT: Partial<Record<NonNullable<ExportColumn["kind"]>, string>> = {
  int: "#,##0",
  number: "#,##0.00",
  money: "#,##0.00",
  percent: "0.00%",
};

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, " ").slice(0, 28) || "Sheet";
  let n = base;
  for (let i = 2; taken.has(n.toLowerCase()); i++) n = `${base} ${i}`;
  taken.add(n.toLowerCase());
  return n;
}

/** A cell as written to a sheet: numbers as numbers (decimal strings of numeric columns too), text neutralised. */
export function xlsxCell(v: Cell, kind: ExportColumn["kind"]): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v === "number") return v;
  // exact decimal strings become numbers here: CNY amounts are well inside a double's exact range to the fen
  if ((kind === "money" || kind === "number" || kind === "int" || kind === "percent") && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return neutralise(v);
}

export async function toXlsx(meta: ExportMeta, tables: ExportTable[], aboutSheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hangzhou Pay Monitor";
  const taken = new Set<string>();
  const about = wb.addWorksheet(sheetName(aboutSheet, taken));
  for (const [k, v] of meta) about.addRow([k, neutralise(v)]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(1).width = 22;
  about.getColumn(2).width = 80;
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, taken), { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(t.columns.map((c) => neutralise(c.label))).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((v, i) => xlsxCell(v, t.columns[i]?.kind)));
    t.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = Math.min(40, Math.max(10, c.label.length + 2));
      const fmt = c.kind && FORMAT[c.kind];
      if (fmt) col.numFmt = fmt;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
