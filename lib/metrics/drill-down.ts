import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { OUTLIER_FLOOR_BPS } from "../store/fx-outliers";
import { filtersMerchants, type ScopedFilter } from "./filter";
import { PAYMENT_COLUMNS, PAYMENT_FROM, rawConditions, toPaymentRow, type PaymentRecord, type PaymentRow } from "./raw-rows";
import { failedSql } from "../statuses";

// Lists of single payments for operations: the newest failures and the FX
// outliers. Each reads a few index entries (status + time, spread), not the range.

export const failuresQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type FailuresQuery = z.infer<typeof failuresQuerySchema>;

export const outliersQuerySchema = z.strictObject({
  /** the simulated wallets' usual markups stay below 150 bps; 250 catches quote problems. Outliers are
   * read from fx_outliers, which holds the payments from the lowest threshold up. */
  minBps: z.coerce.number().min(OUTLIER_FLOOR_BPS).max(10_000).default(250),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type OutliersQuery = z.infer<typeof outliersQuerySchema>;

/** The newest failed payments in the range, newest first. */
export async function getRecentFailures(db: Db, filter: ScopedFilter, q: FailuresQuery): Promise<{ failures: PaymentRow[] }> {
  const params: unknown[] = [];
  const where = [...rawConditions(filter, params), failedSql("t.status")];
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
): Promise<{ minBps: number; outliers: PaymentRow[] }> {
  const params: unknown[] = [q.minBps];
  const where = rawConditions(filter, params);
  params.push(q.limit);
  // The page comes from fx_outliers alone (the filter's columns are there; merchants only for a
  // category or venue filter), widest first, by time or by wallet, whichever index the planner
  // finds shorter; the big table is read for the page's rows only. Reading every payment above the
  // threshold through an index on the big table grew with it (see the migration).
  const rows = await db.$queryRawUnsafe<PaymentRecord[]>(
    `WITH page AS MATERIALIZED (
       SELECT t.external_id FROM fx_outliers t ${filtersMerchants(filter) ? "JOIN merchants m ON m.id = t.merchant_id" : ""}
       WHERE t.spread_bps >= $1 AND ${where.join(" AND ")} ORDER BY t.spread_bps DESC, t.external_id LIMIT $${params.length})
     SELECT ${PAYMENT_COLUMNS} FROM ${PAYMENT_FROM}
     WHERE t.external_id IN (SELECT external_id FROM page) ORDER BY t.spread_bps DESC, t.external_id`,
    ...params,
  );
  return { minBps: q.minBps, outliers: rows.map(toPaymentRow) };
}
