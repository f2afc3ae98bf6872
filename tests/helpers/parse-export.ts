import ExcelJS from "exceljs";

/** RFC 4180 CSV into rows of strings (quoted fields, doubled quotes, CRLF), without the BOM. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && s[i + 1] === "\n") {
      endRow();
      i++;
    } else field += c;
  }
  if (field || row.length) endRow();
  return rows;
}

/** The table part of an exported CSV: the rows after the first empty line (metadata comes before it). */
export function csvTable(text: string): { meta: Map<string, string>; header: string[]; rows: string[][] } {
  const all = parseCsv(text);
  const gap = all.findIndex((r) => r.length === 1 && r[0] === "");
  return { meta: new Map(all.slice(0, gap).map(([k, v]) => [k!, v ?? ""])), header: all[gap + 1]!, rows: all.slice(gap + 2) };
}

export interface SheetCell {
  value: unknown;
  type: ExcelJS.ValueType;
}

/** Every sheet of an XLSX file as rows of cells (value and Excel type). */
export async function readXlsx(buffer: ArrayBuffer): Promise<Map<string, SheetCell[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer);
  const out = new Map<string, SheetCell[][]>();
  wb.eachSheet((ws) => {
    const rows: SheetCell[][] = [];
    ws.eachRow({ includeEmpty: true }, (r) => {
      const cells: SheetCell[] = [];
      for (let i = 1; i <= ws.columnCount; i++) cells.push({ value: r.getCell(i).value, type: r.getCell(i).type });
      rows.push(cells);
    });
    out.set(ws.name, rows);
  });
  return out;
}
