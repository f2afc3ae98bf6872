import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { z } from "zod";
import { audit } from "../auth/audit";
import type { SessionUser } from "../auth/roles";
import type { Db } from "../db/client";
import type { Locale, Messages } from "../i18n/messages";
import { wholeDays } from "../metrics/days";
import type { ScopedFilter } from "../metrics/filter";
import { queryRollups, rollupSource } from "../metrics/rollup-query";
import type { PaymentRow } from "../metrics/raw-rows";
import { completedSimulation } from "../simulate/run";
import { listTransactions, transactionsQuerySchema } from "../transactions/explorer";
import { neutralise, safeFileName } from "./cells";
import { csvHead, csvHeadLines, csvRows } from "./csv";
import { exportMeta } from "./metric-export";
import { exportTable } from "./tables";
import { xlsxCell } from "./xlsx";

// Every payment matching the explorer's filter, streamed: pages of 5,000 rows
// read by keyset (the same index the explorer pages through) and written out
// as they arrive, so memory stays flat whatever the row count, the first bytes
// leave at once, and a client that goes away stops the reading.

export const rawExportQuerySchema = transactionsQuerySchema.pick({ status: true, q: true }).extend({
  format: z.enum(["csv", "xlsx"], { message: "format must be csv or xlsx" }),
});
export type RawExportQuery = z.infer<typeof rawExportQuerySchema>;

const PAGE = 5_000;
/** Excel's row limit per sheet; the header takes one. */
export const XLSX_SHEET_ROWS = 1_048_576;
// buffered XLSX output above this waits for the reader: exceljs itself does not wait
const XLSX_BUFFER_BYTES = 8 << 20;

async function* pages(db: Db, filter: ScopedFilter, q: RawExportQuery, size: number, stopped: () => boolean): AsyncGenerator<PaymentRow[]> {
  let cursor: { at: string; id: string } | undefined;
  while (!stopped()) {
    const { rows } = await listTransactions(db, filter, { status: q.status, q: q.q, limit: size, cursor });
    if (rows.length) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    cursor = { at: last.createdAt, id: last.externalId };
  }
}

/**
 * How many rows the export will hold, read from the rollups (so it costs the
 * same at 10M rows as at 10k) for the progress bar; null when an id prefix
 * narrows the export, which the rollups cannot count.
 */
export async function expectedRows(db: Db, filter: ScopedFilter, q: RawExportQuery): Promise<number | null> {
  if (q.q) return null;
  const byStatus = await queryRollups<{ status: string; n: bigint }>(db, rollupSource(filter, ["status"]), (from) =>
    `SELECT status::text AS status, sum(payments)::bigint AS n FROM ${from} GROUP BY 1`,
  );
  return byStatus.filter((r) => !q.status || r.status === q.status).reduce((n, r) => n + Number(r.n), 0);
}

/**
 * Bytes a sheet has handed to the zip that the zip has not compressed yet.
 * exceljs' sheet stream writes into the zip without waiting for it, so a
 * producer faster than deflate piles the whole sheet up in memory (measured:
 * ~1 GB RSS at 1.2M rows, output held back until the sheet was committed);
 * waiting on this keeps memory flat. Reads exceljs/archiver internals: 0 if they change.
 */
function zipBacklog(sheet: ExcelJS.Worksheet | null): number {
  const internal = sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } } | null;
  return internal?.stream?.pipes?.[0]?._writableState?.length ?? 0;
}

export interface RawExport {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
  expectedRows: number | null;
  /** CSV: lines before the first data row */
  headLines?: number;
}

export async function exportTransactions(
  db: Db,
  user: SessionUser,
  filter: ScopedFilter,
  q: RawExportQuery,
  query: URLSearchParams,
  lang: { locale: Locale; t: Messages },
  ip: string | null,
  /** sheetRows: rows per sheet including the header (tests use a small one); page: rows per read */
  opts: { sheetRows?: number; page?: number } = {},
): Promise<RawExport> {
  const sheetRows = opts.sheetRows ?? XLSX_SHEET_ROWS;
  const page = opts.page ?? PAGE;
  const asOf = new Date().toISOString();
  const table = (rows: PaymentRow[]) => exportTable("transactions", "transactions", { rows, nextCursor: null }, lang.locale, lang.t)!;
  const columns = table([]).columns;
  const rest = new URLSearchParams([...query].filter(([k]) => k !== "format"));
  const meta = exportMeta(lang.t.dash.meta.allPayments, [{ name: lang.t.dash.tx.title }], rest, user, asOf, (await completedSimulation(db)) !== null, lang);
  await audit(db, { action: "export", actor: user, ip, target: `transactions/raw.${q.format}`, detail: { query: rest.toString() } });
  const expected = await expectedRows(db, filter, q);
  const days = wholeDays(filter);
  const fileName = safeFileName(["hangzhou-pay-monitor", "transactions", days.from, days.to], q.format);

  if (q.format === "csv") {
    let stopped = false;
    const encoder = new TextEncoder();
    const source = pages(db, filter, q, page, () => stopped);
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(encoder.encode(csvHead(meta, { columns }))),
      // one page per pull: the reader's pace sets the reading pace
      async pull(controller) {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRows(table(next.value).rows)));
      },
      cancel() {
        stopped = true;
      },
    });
    return { stream, fileName, contentType: "text/csv; charset=utf-8", expectedRows: expected, headLines: csvHeadLines(meta) };
  }

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const about = wb.addWorksheet(lang.t.dash.meta.sheet);
  for (const [k, v] of meta) about.addRow([k, neutralise(v)]).commit();
  about.commit();
  void (async () => {
    let sheet: ExcelJS.Worksheet | null = null;
    let sheetNo = 0;
    let inSheet = 0;
    try {
      for await (const rows of pages(db, filter, q, page, () => out.destroyed)) {
        for (const r of table(rows).rows) {
          // a new sheet at Excel's limit rather than dropped rows
          if (!sheet || inSheet === sheetRows - 1) {
            sheet?.commit();
            sheet = wb.addWorksheet(`${lang.t.dash.tx.title} ${++sheetNo}`);
            sheet.addRow(columns.map((c) => c.label)).commit();
            inSheet = 0;
          }
          sheet.addRow(r.map((v, i) => xlsxCell(v, columns[i]?.kind))).commit();
          inSheet++;
        }
        while ((out.readableLength > XLSX_BUFFER_BYTES || zipBacklog(sheet) > XLSX_BUFFER_BYTES) && !out.destroyed) await new Promise((r) => setTimeout(r, 10));
      }
      if (!sheet) wb.addWorksheet(`${lang.t.dash.tx.title} 1`).addRow(columns.map((c) => c.label)).commit();
      else sheet.commit();
      if (!out.destroyed) await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return {
    stream: Readable.toWeb(out) as ReadableStream<Uint8Array>,
    fileName,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    expectedRows: expected,
  };
}
