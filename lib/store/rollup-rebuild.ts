import { pgTransaction, type Db } from "../db/client";
import { onCitus } from "../db/citus";
import { BUMP_DATA_VERSION, FOLD_SESSION_LOCK } from "./fold-lock";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "./histograms";
import { ACTIVITY_SQL } from "./activity";
import { FAILURE_DAYS_SQL, FAILURE_HOURS_SQL } from "./failure-counts";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { DISTRICT_HOURS_SQL, MERCHANT_DAYS_SQL, MERCHANT_PERIODS_SQL, VENUE_DAYS_SQL } from "./merchant-days";
import { PAYER_BITS_SQL } from "./payer-bits";
import { DIM_SQL, ROLLUP_TABLES, bucketSql, type RollupTable } from "./rollup-keys";
import { MEASURES } from "./rollups";

/** Tables other than the rollup cubes, each with the SQL that computes it from raw rows. */
export const DERIVED_SQL = {
  ...ACTIVITY_SQL,
  merchant_days: MERCHANT_DAYS_SQL,
  merchant_periods: MERCHANT_PERIODS_SQL,
  venue_days: VENUE_DAYS_SQL,
  district_hours: DISTRICT_HOURS_SQL,
  failure_hours: FAILURE_HOURS_SQL,
  failure_days: FAILURE_DAYS_SQL,
  fx_outliers: FX_OUTLIERS_SQL,
} as const;

/** One count per bin of a bin column (width_bucket's 0..bounds.length), as the rollups' integer array. */
const binCounts = (bin: string, bounds: readonly number[]) =>
  `ARRAY[${Array.from({ length: bounds.length + 1 }, (_, i) => `count(*) FILTER (WHERE ${bin} = ${i})`).join(", ")}]::integer[]`;

/** The same arrays summed bin by bin over rollup rows: one sum per subscript, no unnesting. */
const binSums = (column: string, bounds: readonly number[]) =>
  `ARRAY[${Array.from({ length: bounds.length + 1 }, (_, i) => `sum(${column}[${i + 1}])`).join(", ")}]::integer[]`;

const MEASURE_COLUMNS = MEASURES.map(([m]) => m);

const spec = (table: RollupTable) => ROLLUP_TABLES.find((t) => t.table === table)!;

/**
 * Every rollup row of one table computed from the raw transactions in plain
 * SQL, independent of the incremental writer: the rebuild inserts it for the
 * finest tables and the exactness tests compare every table against it.
 */
export function rollupAggregateSql(table: RollupTable): string {
  const { seconds, dims } = spec(table);
  const keys = ["bucket", ...dims];
  return `
SELECT ${keys.join(", ")}, count(*)::integer AS payments, sum(amount_cny) AS amount_cny,
  count(latency_ms)::integer AS latency_count, coalesce(sum(latency_ms), 0)::bigint AS latency_sum_ms, ${binCounts("lat_bin", LATENCY_BOUNDS_MS)} AS latency_hist,
  count(spread_bps)::integer AS spread_count, coalesce(sum(spread_bps), 0) AS spread_sum_bps, ${binCounts("spr_bin", SPREAD_BOUNDS_BPS)} AS spread_hist,
  -- multiplied, not divided, so the sum stays exact
  coalesce(sum(amount_cny * spread_bps * 0.0001), 0) AS spread_cost_cny,
  ${PAYER_BITS_SQL("base", "tx_status")} AS payer_bits
FROM (
  SELECT ${bucketSql("t.created_at", seconds)} AS bucket, ${dims.map((d) => `${DIM_SQL[d]} AS ${d}`).join(", ")}, t.amount_cny, t.latency_ms,
    t.spread_bps, t.payer_hash, t.status AS tx_status,
    width_bucket(t.latency_ms, ARRAY[${LATENCY_BOUNDS_MS.join(",")}]::integer[]) AS lat_bin,
    width_bucket(t.spread_bps, ARRAY[${SPREAD_BOUNDS_BPS.join(",")}]::numeric[]) AS spr_bin
  FROM transactions t JOIN merchants m ON m.id = t.merchant_id) base
GROUP BY ${keys.join(", ")}`;
}

/**
 * A coarser or narrower rollup summed from a finer one that holds every one of
 * its dimensions (a day from its hours, a narrow table from the full cube):
 * the same figures as from raw rows, reading rollup rows instead of payments.
 */
function rollUpSql(table: RollupTable, source: RollupTable): string {
  const { seconds, dims } = spec(table);
  const bucket = seconds === spec(source).seconds ? "r.bucket" : bucketSql("r.bucket", seconds);
  return `
SELECT ${bucket} AS bucket, ${dims.map((d) => `r.${d}`).join(", ")}, sum(r.payments)::integer, sum(r.amount_cny), sum(r.latency_count)::integer,
  sum(r.latency_sum_ms)::bigint, ${binSums("r.latency_hist", LATENCY_BOUNDS_MS)}, sum(r.spread_count)::integer, sum(r.spread_sum_bps),
  ${binSums("r.spread_hist", SPREAD_BOUNDS_BPS)}, sum(r.spread_cost_cny), bit_or(r.payer_bits)
FROM ${source} r GROUP BY 1, ${dims.map((d) => `r.${d}`).join(", ")}`;
}

/** Where the rebuild reads each table from: raw rows for the finest, else the coarsest, narrowest already-built table that holds its dimensions at its grain or finer. */
function rebuildSource(table: RollupTable, built: RollupTable[]): RollupTable | null {
  const { seconds, dims } = spec(table);
  const holds = built.filter((b) => {
    const s = spec(b);
    return s.seconds <= seconds && 86400 % s.seconds === 0 && dims.every((d) => (s.dims as readonly string[]).includes(d));
  });
  // the coarsest grain first, then the fewest dimensions: fewer rows to read
  return holds.sort((a, b) => spec(b).seconds - spec(a).seconds || spec(a).dims.length - spec(b).dims.length)[0] ?? null;
}

/** Inserts every row of an empty rollup, summed from the best of the `built` ones (see rebuildSource) or from raw rows. */
function fillSql(table: RollupTable, built: RollupTable[]): string {
  const source = rebuildSource(table, built);
  const sql = source ? rollUpSql(table, source) : rollupAggregateSql(table);
  return `INSERT INTO ${table} (bucket, ${spec(table).dims.join(", ")}, ${MEASURE_COLUMNS.join(", ")}) ${sql}`;
}

/**
 * Recomputes every derived table from the raw rows in one transaction; readers see the old or the new,
 * never half. It holds the fold lock and reads one snapshot throughout: the change-log rows in that
 * snapshot are deleted (the rebuild includes their payments), rows committed after it stay for the
 * folder, which applies them on top.
 */
export async function rebuildRollups(db: Db): Promise<Record<RollupTable, number>> {
  const tables = [...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)].join(", ");
  const citus = await onCitus(db);
  const counts = await pgTransaction(
    db,
    async (tx) => {
      // each table emptied and refilled in one transaction: on Citus over one connection per worker, or a
      // refill may read shards the delete changed over several ("placements modified over multiple connections")
      if (citus) await tx.$executeRawUnsafe(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
      await tx.$executeRawUnsafe(`DELETE FROM change_log`);
      await tx.$executeRawUnsafe(BUMP_DATA_VERSION);
      const counts = {} as Record<RollupTable, number>;
      const built: RollupTable[] = [];
      for (const { table } of ROLLUP_TABLES) {
        await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
        counts[table] = await tx.$executeRawUnsafe(fillSql(table, built));
        built.push(table);
        // the next tables read this one: give the planner its real size
        await tx.$executeRawUnsafe(`ANALYZE ${table}`);
      }
      for (const [table, sql] of Object.entries(DERIVED_SQL)) {
        await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
        await tx.$executeRawUnsafe(`INSERT INTO ${table} ${sql}`);
      }
      // fresh statistics, or the planner keeps estimating from the emptied tables
      await tx.$executeRawUnsafe(`ANALYZE ${tables}`);
      return counts;
    },
    { statementTimeoutMs: 3_600_000, repeatableRead: true, sessionLock: FOLD_SESSION_LOCK },
  );
  // every old row is dead now: free it for the next writes, or every scan reads twice the pages
  // until autovacuum comes by (it cannot run inside the transaction)
  await db.$executeRawUnsafe(`VACUUM ${tables}`);
  return counts;
}

const isEmpty = async (db: Db, table: string) =>
  (await db.$queryRawUnsafe<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`))[0]?.empty ?? false;

/**
 * After the rollup tables arrive on a database that already holds payments,
 * fill them once; a rollup or derived table added or emptied later rebuilds them all.
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
  // one table added or emptied by a migration: rebuild all, under the fold lock in one snapshot, since
  // filling one table beside a change log the folder has yet to apply would count those changes twice
  // (every payment has a row in every rollup, so an empty rollup is a new one; another table is
  // missing rows when it is empty while its rebuild from raw rows is not)
  const missing = async (table: string, sql?: string) =>
    (await isEmpty(db, table)) && (sql === undefined || !(await isEmpty(db, `(${sql}) AS rebuilt`)));
  for (const { table } of ROLLUP_TABLES) if (await missing(table)) return rebuildRollups(db).then(() => true);
  for (const [table, sql] of Object.entries(DERIVED_SQL)) if (await missing(table, sql)) return rebuildRollups(db).then(() => true);
  return false;
}
