import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Scope, ScopedFilter } from "../metrics/filter";
import { PAYMENT_COLUMNS, PAYMENT_FROM, rawConditions, toPaymentRow, type PaymentRecord, type PaymentRow } from "../metrics/raw-rows";
import { STATUSES } from "../statuses";

// The ops transaction explorer: raw payments newest first, paged by keyset
// (created_at, external_id) through the (created_at, external_id) index, so
// page 1,000 costs what page 1 costs. OFFSET would rescan every earlier row.


const cursorSchema = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const [at = "", id = ""] = Buffer.from(s, "base64url").toString("utf8").split("|");
    if (Number.isNaN(Date.parse(at)) || !id) {
      ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
      return z.NEVER;
    }
    return { at, id };
  });

export const transactionsQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  /** external id prefix */
  q: z.string().trim().max(64).regex(/^[\w.:-]*$/, "may hold letters, digits and . _ : - only").optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TransactionsQuery = z.infer<typeof transactionsQuerySchema>;

export const encodeCursor = (row: PaymentRow) => Buffer.from(`${row.createdAt}|${row.externalId}`).toString("base64url");

/** One page of payments in the filter, newest first, and the cursor of the next (older) page. */
export async function listTransactions(db: Db, filter: ScopedFilter, q: TransactionsQuery): Promise<{ rows: PaymentRow[]; nextCursor: string | null }> {
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const where = rawConditions(filter, params);
  if (q.status) where.push(`t.status = ${p(q.status)}::transaction_status`);
  // prefix match on the primary key's index; LIKE metacharacters are refused by the schema
  if (q.q) where.push(`t.external_id LIKE ${p(`${q.q}%`)}`);
  if (q.cursor) where.push(`(t.created_at, t.external_id) < (${p(q.cursor.at)}::timestamptz, ${p(q.cursor.id)})`);
  const rows = await db.$queryRawUnsafe<PaymentRecord[]>(
    `SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM} WHERE ${where.join(" AND ")}
     ORDER BY t.created_at DESC, t.external_id DESC LIMIT ${p(q.limit + 1)}`,
    ...params,
  );
  const page = rows.slice(0, q.limit).map(toPaymentRow);
  return { rows: page, nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null };
}

export interface TransactionDetail extends PaymentRow {
  fxRate: string;
  midRate: string | null;
  ingestedAt: string;
  resultDescriptionEn: string | null;
  resultDescriptionZh: string | null;
}

/** One payment by external id, or null when there is none the viewer may see. */
export async function getTransaction(db: Db, externalId: string, scope: Scope): Promise<TransactionDetail | null> {
  const params: unknown[] = [externalId];
  const inScope = scope.districts.length ? (params.push([...scope.districts]), ` AND t.district_code = ANY($2::text[])`) : "";
  const [r] = await db.$queryRawUnsafe<(PaymentRecord & { fx_rate: string; mid_rate: string | null; ingested_at: Date; d_en: string | null; d_zh: string | null })[]>(
    `SELECT ${PAYMENT_COLUMNS}, t.fx_rate::text AS fx_rate, t.mid_rate::text AS mid_rate, t.ingested_at,
       rc.description_en AS d_en, rc.description_zh AS d_zh
     FROM ${PAYMENT_FROM} WHERE t.external_id = $1${inScope}`,
    ...params,
  );
  if (!r) return null;
  return {
    ...toPaymentRow(r),
    fxRate: r.fx_rate,
    midRate: r.mid_rate,
    ingestedAt: r.ingested_at.toISOString(),
    resultDescriptionEn: r.d_en,
    resultDescriptionZh: r.d_zh,
  };
}
