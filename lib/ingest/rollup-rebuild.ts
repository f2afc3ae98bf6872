import type { Db } from "../db/client";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "../metrics/histograms";
import { ACTIVITY_SQL } from "./activity";
import { MERCHANT_DAYS_SQL, VENUE_DAYS_SQL } from "./merchant-days";
import { PAYER_BITS_SQL } from "./payer-bits";
import { DIM_SQL, ROLLUP_TABLES, bucketSql, type RollupTable } from "./rollup-keys";

/** Tables other than the rollup cubes, each with the SQL that computes it from raw rows. */
export const DERIVED_SQL = { ...ACTIVITY_SQL, merchant_days: MERCHANT_DAYS_SQL, venue_days: VENUE_DAYS_SQL } as const;

const histogramCte = (name: string, column: string, bounds: readonly number[], cast: string) => `
${name} AS (
  SELECT k, jsonb_object_agg(bin, n) AS counts FROM (
    SELECT k, width_bucket(${column}::${cast}, ARRAY[${bounds.join(",")}]::${cast}[]) AS bin, count(*) AS n
    FROM base WHERE ${column} IS NOT NULL GROUP BY k, bin) x
  GROUP BY k)`;

const histogramArray = (name: string, bounds: readonly number[]) =>
  `ARRAY(SELECT coalesce((${name}.counts ->> g::text)::integer, 0) FROM generate_series(0, ${bounds.length}) g)`;

/**
 * Every rollup row of one table computed from the raw transactions in plain
 * SQL, independent of the incremental writer: the rebuild inserts it and the
 * exactness tests compare against it.
 */
export function rollupAggregateSql(table: RollupTable): string {
  const { seconds, dims } = ROLLUP_TABLES.find((t) => t.table === table)!;
  const bucket = bucketSql("t.created_at", seconds);
  const keys = ["bucket", ...dims];
  return `
WITH base AS (
  SELECT ROW(${bucket}, ${dims.map((d) => DIM_SQL[d]).join(", ")}) AS k, ${bucket} AS bucket,
    ${dims.map((d) => `${DIM_SQL[d]} AS ${d}`).join(", ")}, t.amount_cny, t.latency_ms, t.spread_bps, t.payer_hash, t.status AS tx_status
  FROM transactions t
  JOIN merchants m ON m.id = t.merchant_id
), agg AS (
  SELECT k, ${keys.join(", ")}, count(*)::integer AS payments, sum(amount_cny) AS amount_cny,
    count(latency_ms)::integer AS latency_count, coalesce(sum(latency_ms), 0)::bigint AS latency_sum_ms,
    count(spread_bps)::integer AS spread_count, coalesce(sum(spread_bps), 0) AS spread_sum_bps,
    -- multiplied, not divided, so the sum stays exact
    coalesce(sum(amount_cny * spread_bps * 0.0001), 0) AS spread_cost_cny,
    ${PAYER_BITS_SQL("base", "tx_status")} AS payer_bits
  FROM base GROUP BY k, ${keys.join(", ")}
), ${histogramCte("lat", "latency_ms", LATENCY_BOUNDS_MS, "integer")},
${histogramCte("spr", "spread_bps", SPREAD_BOUNDS_BPS, "numeric")}
SELECT ${keys.map((c) => `a.${c}`).join(", ")}, a.payments, a.amount_cny, a.latency_count, a.latency_sum_ms,
  ${histogramArray("lat", LATENCY_BOUNDS_MS)} AS latency_hist, a.spread_count, a.spread_sum_bps,
  ${histogramArray("spr", SPREAD_BOUNDS_BPS)} AS spread_hist, a.spread_cost_cny, a.payer_bits
FROM agg a LEFT JOIN lat ON lat.k = a.k LEFT JOIN spr ON spr.k = a.k`;
}

/** Recomputes every rollup from the raw rows in one transaction; readers see the old or the new, never half. */
export async function rebuildRollups(db: Db): Promise<Record<RollupTable, number>> {
  return db.$transaction(
    async (tx) => {
      const counts = {} as Record<RollupTable, number>;
      for (const { table, dims } of ROLLUP_TABLES) {
        await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
        const columns = ["bucket", ...dims, "payments", "amount_cny", "latency_count", "latency_sum_ms", "latency_hist",
          "spread_count", "spread_sum_bps", "spread_hist", "spread_cost_cny", "payer_bits"];
        counts[table] = await tx.$executeRawUnsafe(`INSERT INTO ${table} (${columns.join(", ")}) ${rollupAggregateSql(table)}`);
      }
      for (const [table, sql] of Object.entries(DERIVED_SQL)) {
        await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
        await tx.$executeRawUnsafe(`INSERT INTO ${table} ${sql}`);
      }
      // fresh statistics, or the planner keeps estimating from the emptied tables
      await tx.$executeRawUnsafe(`ANALYZE ${[...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)].join(", ")}`);
      return counts;
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
}

/**
 * After the rollup tables arrive on a database that already holds payments,
 * fill them once; a derived table added later is filled on its own.
 */
export async function ensureRollupsBuilt(db: Db): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<{ tx: boolean; rolled: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM transactions) AS tx, EXISTS (SELECT 1 FROM rollup_1d) AS rolled`,
  );
  if (!row?.tx) return false;
  if (!row.rolled) {
    await rebuildRollups(db);
    return true;
  }
  let filled = false;
  for (const [table, sql] of Object.entries(DERIVED_SQL)) {
    const [empty] = await db.$queryRawUnsafe<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
    if (empty?.empty) {
      await db.$executeRawUnsafe(`INSERT INTO ${table} ${sql}`);
      filled = true;
    }
  }
  return filled;
}
