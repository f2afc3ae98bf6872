import type { Db } from "@/lib/db/client";
import { ROLLUP_TABLES } from "@/lib/store/rollup-keys";
import { DERIVED_SQL, rollupAggregateSql } from "@/lib/store/rollup-rebuild";

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).sort();

/** Every derived table against the same figures computed from the raw rows; throws naming the first that differs. */
export async function assertDerivedEqualsRebuild(db: Db): Promise<void> {
  for (const { table, dims } of ROLLUP_TABLES) {
    const cols = `bucket, ${dims.join(", ")}, payments, amount_cny::numeric(20,2)::text, latency_count, latency_sum_ms::text, latency_hist::text,
      spread_count, spread_sum_bps::numeric(20,4)::text, spread_hist::text, spread_cost_cny::numeric(24,10)::text`;
    const [a, b] = await Promise.all([db.$queryRawUnsafe<unknown[]>(`SELECT ${cols} FROM ${table}`), db.$queryRawUnsafe<unknown[]>(`SELECT ${cols} FROM (${rollupAggregateSql(table)}) x`)]);
    if (JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b))) throw new Error(`${table} differs from its rebuild from raw rows`);
  }
  for (const [table, sql] of Object.entries(DERIVED_SQL)) {
    // a sketch's version is a sequence number, not a figure
    const cols = table === "payers" ? "payer_hash, channel_code, wallet_code, payer_country, first_paid_at::text, first_district_code"
      : table === "payer_sketches" ? "day, channel_code, wallet_code, district_code, registers" : "*";
    const [a, b] = await Promise.all([db.$queryRawUnsafe<unknown[]>(`SELECT ${cols} FROM ${table}`), db.$queryRawUnsafe<unknown[]>(`SELECT ${cols} FROM (${sql}) x`)]);
    if (JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b))) throw new Error(`${table} differs from its rebuild from raw rows`);
  }
}

/** Payments stored, distinct ids, and how many of `ids` are among them. */
export async function storedTally(db: Db, ids: string[]): Promise<{ rows: number; distinct: number; expectedFound: number }> {
  const [r] = await db.$queryRawUnsafe<{ rows: bigint; distinct: bigint; found: bigint }[]>(
    `SELECT count(*) AS rows, count(DISTINCT external_id) AS distinct,
       (SELECT count(*) FROM transactions WHERE external_id = ANY($1::text[])) AS found FROM transactions`,
    ids,
  );
  return { rows: Number(r!.rows), distinct: Number(r!.distinct), expectedFound: Number(r!.found) };
}
