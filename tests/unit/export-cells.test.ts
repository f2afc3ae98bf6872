import { describe, expect, it } from "vitest";
import { neutralise, safeFileName } from "@/lib/export/cells";
import { toCsv } from "@/lib/export/csv";
import { parseCsv } from "../helpers/parse-export";

describe("export safety", () => {
  it("neutralises text a spreadsheet would run as a formula, and nothing else", () => {
    for (const s of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ["West Lake Tea", "1+1=2", "", "'quoted"]) expect(neutralise(s)).toBe(s);
  });

  it("makes file names of plain ASCII parts", () => {
    expect(safeFileName(["hangzhou-pay-monitor", "adoption", "by wallet", "2023-09-30"], "csv")).toBe("hangzhou-pay-monitor_adoption_by-wallet_2023-09-30.csv");
    expect(safeFileName(["../../etc/passwd", "西湖", '"x";y'], "xlsx")).toBe("etc-passwd_x-y.xlsx");
    expect(safeFileName(["", "..."], "c/s v")).toBe("export.csv");
  });

  it("writes CSV that reads back to the same cells (quotes, commas, line breaks, Chinese, negative numbers as numbers)", () => {
    const table = { name: "t", columns: [{ label: "名称" }, { label: "n", kind: "int" as const }], rows: [["a, \"b\"\nc", -5], ["=cmd", null], ["西湖", 0]] };
    const parsed = parseCsv(toCsv([["Time zone", "Asia/Shanghai"]], table));
    expect(parsed).toEqual([["Time zone", "Asia/Shanghai"], [""], ["名称", "n"], ["a, \"b\"\nc", "-5"], ["'=cmd", ""], ["西湖", "0"]]);
  });
});
