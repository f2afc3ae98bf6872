import "server-only";
import { pgTransaction, type Db } from "../db/client";
import { onCitus } from "../db/citus";
import { BUMP_DATA_VERSION, FOLD_SESSION_LOCK } from "./fold-lock";
import { ACTIVITY_SQL } from "./activity";
import { RAW_CONTRIBUTIONS, monthStartSql, weekStartSql } from "./contributions";
import { CUBES, SUMS } from "./families";
import { familyRebuildSql, familyRollUpSql, type Family } from "./family-sql";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { ROLLUP_TABLES, bucketSql, type RollupTable } from "./rollup-keys";

const derivedSql = (raw: string) =>
  ({
    ...ACTIVITY_SQL,
    ...Object.fromEntries(SUMS.map((f) => [f.table, familyRebuildSql(f, raw)])),
    fx_outliers: FX_OUTLIERS_SQL,
  }) as Record<keyof typeof ACTIVITY_SQL | "fx_outliers" | (typeof SUMS)[number]["table"], string>;

/** Tables other than the rollup cubes, each with the SQL that computes it from raw rows (columns in the table's order). */
export const DERIVED_SQL = derivedSql(RAW_CONTRIBUTIONS);

/**
 * The payments' contributions as the rebuild reads them. Pulled up into the family's query, each
 * histogram bin's FILTER evaluates its own width_bucket over the bounds array, some 60 times a row;
 * behind a fence (OFFSET 0) each row's bins are computed once: rollup_5m from 500k payments
 * 4.9 -> 2.2 s. Citus would run a fenced subquery on the coordinator, so it keeps the open form.
 */
const rebuildContributions = (citus: boolean) => (citus ? RAW_CONTRIBUTIONS : `${RAW_CONTRIBUTIONS} OFFSET 0`);

/**
 * merchant_periods summed from merchant_days (rebuilt just before it) per ISO week and month: the same
 * rows as from raw payments (the exactness tests compare the two), reading a fraction of the rows.
 */
const MERCHANT_PERIODS_FROM_DAYS = `SELECT g.grain, CASE WHEN g.grain = 'week' THEN ${weekStartSql("md.day")}
      ELSE ${monthStartSql("md.day")} END AS start, md.merchant_id, md.channel_code, md.wallet_code, md.district_code, min(md.category::text)::merchant_category AS category,
    sum(md.attempts)::integer AS attempts, sum(md.payments)::integer AS payments, sum(md.failed)::integer AS failed,
    sum(md.amount_cny) AS amount_cny, bit_or(md.payer_bits) AS payer_bits
  FROM merchant_days md CROSS JOIN (VALUES ('week'), ('month')) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6`;

const spec = (table: RollupTable) => ROLLUP_TABLES.find((t) => t.table === table)!;
const cube = (table: RollupTable) => CUBES.find((f) => f.table === table)!;

/**
 * Every rollup row of one table computed from the raw transactions in plain
 * SQL, independent of the incremental writer: the rebuild inserts it for the
 * finest tables and the exactness tests compare every table against it.
 */
export const rollupAggregateSql = (table: RollupTable, raw = RAW_CONTRIBUTIONS) => familyRebuildSql(cube(table), raw);

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

const columnList = (f: Family) => f.columns.map((c) => c.name).join(", ");

/** Inserts every row of an empty rollup, summed from the best of the `built` ones (see rebuildSource) or from raw rows. */
function fillSql(table: RollupTable, built: RollupTable[], raw: string): string {
  const source = rebuildSource(table, built);
  const { seconds } = spec(table);
  const sql = source
    ? familyRollUpSql(cube(table), source, (name) => (name !== "bucket" ? `r.${name}` : seconds === spec(source).seconds ? "r.bucket" : bucketSql("r.bucket", seconds)))
    : rollupAggregateSql(table, raw);
  return `INSERT INTO ${table} (${columnList(cube(table))}) ${sql}`;
}

const rebuildSql = (raw: string): Record<string, string> => ({ ...derivedSql(raw), merchant_periods: MERCHANT_PERIODS_FROM_DAYS });

/**
 * Recomputes every derived table from the raw rows in one transaction; readers see the old or the new,
 * never half. It holds the fold lock and reads one snapshot throughout: the change-log rows in that
 * snapshot are deleted (the rebuild includes their payments), rows committed after it stay for the
 * folder, which applies them on top.
 */
export async function rebuildRollups(db: Db): Promise<Record<RollupTable, number>> {
  const tables = [...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)].join(", ");
  const citus = await onCitus(db);
  const raw = rebuildContributions(citus);
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
        counts[table] = await tx.$executeRawUnsafe(fillSql(table, built, raw));
        built.push(table);
        // the next tables read this one: give the planner its real size
        await tx.$executeRawUnsafe(`ANALYZE ${table}`);
      }
      // in DERIVED_SQL's order: merchant_periods after merchant_days, coverage and bitmaps after merchant_firsts
      for (const [table, sql] of Object.entries(rebuildSql(raw))) {
        const family = SUMS.find((f) => f.table === table);
        await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
        await tx.$executeRawUnsafe(`INSERT INTO ${table}${family ? ` (${columnList(family)})` : ""} ${sql}`);
      }
      // fresh statistics, or the planner keeps estimating from the emptied tables (the cubes have theirs)
      await tx.$executeRawUnsafe(`ANALYZE ${Object.keys(DERIVED_SQL).join(", ")}`);
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
