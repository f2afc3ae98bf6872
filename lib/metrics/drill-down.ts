import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { filtersMerchants, type ScopedFilter } from "./filter";
import { PAYMENT_COLUMNS, PAYMENT_FROM, rawConditions, toPaymentRow, type PaymentRecord, type PaymentRow } from "./raw-rows";

// Lists of single payments for operations: the newest failures and the FX
// outliers. Each reads a few index entries (status + time, spread), not the range.

export const failuresQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type FailuresQuery = z.infer<typeof failuresQuerySchema>;

export const outliersQuerySchema = z.strictObject({
  /** the simulated wallets' usual markups stay below 150 bps; 250 catches quote problems. Outliers are
   * read through the spread index, so the threshold stays above the usual markups. */
  minBps: z.coerce.number().min(150).max(10_000).default(250),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type OutliersQuery = z.infer<typeof outliersQuerySchema>;

/** The newest failed payments in the range, newest first. */
export async function getRecentFailures(db: Db, filter: ScopedFilter, q: FailuresQuery): Promise<{ failures: PaymentRow[] }> {
  const params: unknown[] = [];
  const where = [...rawConditions(filter, params), "t.status = 'FAILED'"];
  params.push(q.limit);
  const rows = await db.$queryRawUnsafe<PaymentRecord[]>(
    `SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM} WHERE ${where.join(" AND ")}
     ORDER BY t.created_at DESC, t.external_id DESC LIMIT $${params.length}`,
    ...params,
  );
  return { failures: rows.map(toPaymentRow) };
}

/** Payments whose spread over the mid rate reached minBps, widest first, with the CNY the spread cost the payer. */
export async function getFxOutliers(
  db: Db,
  filter: ScopedFilter,
  q: OutliersQuery,
): Promise<{ minBps: number; outliers: (PaymentRow & { spreadCostCny: string })[] }> {
  const params: unknown[] = [q.minBps];
  const where = rawConditions(filter, params);
  params.push(q.limit);
  // Outliers are rare: read them through the spread index with every column the
  // filters need, then filter and rank those rows alone. Given the choice, the
  // planner scanned a day's payments by time and semi-joined the outliers (PGlite
  // 10M, one day and three districts: 210 ms p50, 8 ms this way). Merchants are joined to the page
  // only: joined to every outlier, the planner hashed all of them (26 of 57 ms at 10M).
  const rows = await db.$queryRawUnsafe<(PaymentRecord & { cost: string })[]>(
    `WITH wide AS MATERIALIZED (
       SELECT external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id
       FROM transactions WHERE spread_bps >= $1),
     page AS MATERIALIZED (
       SELECT t.external_id FROM wide t ${filtersMerchants(filter) ? "JOIN merchants m ON m.id = t.merchant_id" : ""}
       WHERE ${where.join(" AND ")} ORDER BY t.spread_bps DESC, t.external_id LIMIT $${params.length})
     SELECT ${PAYMENT_COLUMNS}, round(t.amount_cny * t.spread_bps * 0.0001, 2)::text AS cost FROM ${PAYMENT_FROM}
     WHERE t.external_id IN (SELECT external_id FROM page) ORDER BY t.spread_bps DESC, t.external_id`,
    ...params,
  );
  return { minBps: q.minBps, outliers: rows.map((r) => ({ ...toPaymentRow(r), spreadCostCny: r.cost })) };
}
