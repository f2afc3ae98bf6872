import "server-only";
import { onPglite, pgTransaction, poolSize, type Db, type Sql } from "../db/client";
import { retryOnSqlState, SQLSTATE } from "../db/errors";
import { onCitus } from "../db/citus";
import { BUMP_DATA_VERSION, FOLD_SESSION_LOCK } from "./fold-lock";
import { ACTIVITY_SQL } from "./activity";
import { RAW_CONTRIBUTIONS } from "./contributions";
import { CUBES, SUMS } from "./families";
import { familyRebuildSql } from "./family-sql";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { rebuildChains, rebuildSteps, type RebuildStep } from "./rebuild-steps";
import { ROLLUP_TABLES, type RollupTable } from "./rollup-keys";
import { createShadow, dropShadows, indexShadow, shadowName, swapShadows, type Shadow } from "./shadow-tables";

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
 * Every rollup row of one table computed from the raw transactions in plain
 * SQL, independent of the incremental writer: the exactness tests compare every table against it.
 */
export const rollupAggregateSql = (table: RollupTable, raw = RAW_CONTRIBUTIONS) => familyRebuildSql(CUBES.find((f) => f.table === table)!, raw);

const TIMEOUT_MS = 3_600_000;

export interface RebuildOptions {
  /** transactions building tables side by side on PostgreSQL (default REBUILD_WORKERS, at most the pool's size less one; 0: in the rebuild's own) */
  workers?: number;
  /** told each step's time: a table's fill, index and statistics; "swap"; "vacuum" */
  onStep?: (step: string, ms: number) => void;
}

type Timed = (step: string, fn: () => Promise<unknown>) => Promise<void>;
const insertSql = (step: RebuildStep, into: string, at: (t: string) => string) => `INSERT INTO ${into}${step.columns ? ` (${step.columns})` : ""} ${step.select(at)}`;

/** Citus: each table emptied and refilled in place (a shadow would have to be distributed and co-located first). */
async function rebuildInPlace(tx: Sql, steps: RebuildStep[], rows: Map<string, number>, timed: Timed): Promise<void> {
  // one connection per worker, or a refill may read shards the delete changed over several
  // ("placements modified over multiple connections")
  await tx.$executeRawUnsafe(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
  await forgetChanges(tx);
  for (const step of steps) {
    await timed(step.table, async () => {
      await tx.$executeRawUnsafe(`DELETE FROM ${step.table}`);
      rows.set(step.table, await tx.$executeRawUnsafe(insertSql(step, step.table, (t) => t)));
      // the next steps read this one: give the planner its real size
      await tx.$executeRawUnsafe(`ANALYZE ${step.table}`);
    });
  }
}

/** The change-log rows in the rebuild's snapshot are in it: the folder must not apply them again. */
async function forgetChanges(tx: Sql): Promise<void> {
  await tx.$executeRawUnsafe(`DELETE FROM change_log`);
  await tx.$executeRawUnsafe(BUMP_DATA_VERSION);
}

/**
 * One chain's shadows filled and indexed, in step order (each reads only shadows built before it).
 * `planned`: each step's `hashed` is applied (the PostgreSQL builders; the embedded database's few
 * megabytes of work_mem leave its planner to choose).
 */
async function buildShadows(tx: Sql, chain: RebuildStep[], rows: Map<string, number>, timed: Timed, planned = false): Promise<Shadow[]> {
  const shadows: Shadow[] = [];
  for (const step of chain) {
    await timed(step.table, async () => {
      if (planned) await tx.$executeRawUnsafe(`SET LOCAL enable_sort = ${step.hashed ? "off" : "on"}`);
      await createShadow(tx, step.table);
      rows.set(step.table, await tx.$executeRawUnsafe(insertSql(step, shadowName(step.table), shadowName)));
      shadows.push(await indexShadow(tx, step.table));
    });
  }
  return shadows;
}

const REBUILD_WORK_MEM = "256MB";

/** Runs every chain on `workers` transactions at a time; the first failure stops the rest from starting. */
async function onWorkers<T>(chains: RebuildStep[][], workers: number, run: (chain: RebuildStep[]) => Promise<T[]>): Promise<T[]> {
  const queue = [...chains];
  const done: T[] = [];
  const failed: unknown[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let chain = queue.shift(); chain && !failed.length; chain = queue.shift()) {
        try {
          done.push(...(await run(chain)));
        } catch (err) {
          failed.push(err);
        }
      }
    }),
  );
  if (failed.length) throw failed[0];
  return done;
}

/**
 * Recomputes every derived table from the raw rows; readers see the old tables or the new, never
 * half. It holds the fold lock throughout and reads one snapshot: the change-log rows in that
 * snapshot are deleted (the rebuild includes their payments), rows committed after it stay for the
 * folder, which applies them on top. On PostgreSQL the tables are built as shadows by `workers`
 * transactions side by side that import the snapshot, and swapped in at the end; the embedded
 * database runs one transaction at a time, so it builds them in the rebuild's own.
 */
export async function rebuildRollups(db: Db, opts: RebuildOptions = {}): Promise<Record<RollupTable, number>> {
  const citus = await onCitus(db);
  const steps = rebuildSteps(rebuildContributions(citus));
  const tables = steps.map((s) => s.table);
  // the rebuild's own transaction holds one connection of the pool; 0 builds in that one
  const workers = citus || (await onPglite(db)) ? 0 : Math.max(0, Math.min(opts.workers ?? REBUILD_WORKERS, poolSize(db) - 1));
  const rows = new Map<string, number>();
  const timed: Timed = async (step, fn) => {
    const t0 = performance.now();
    await fn();
    opts.onStep?.(step, performance.now() - t0);
  };
  const settings = { statementTimeoutMs: TIMEOUT_MS, repeatableRead: true, sessionLock: FOLD_SESSION_LOCK };
  if (citus) {
    // Citus cancels one side of a distributed deadlock (seen: an ANALYZE beside another schema's DDL);
    // the rebuild rolled back whole, so it runs again
    await retryOnSqlState([SQLSTATE.deadlock], 3, () => pgTransaction(db, (tx) => rebuildInPlace(tx, steps, rows, timed), settings));
  } else {
    try {
      await pgTransaction(
        db,
        async (tx) => {
          let shadows: Shadow[];
          if (workers === 0) shadows = await buildShadows(tx, steps, rows, timed);
          else {
            const [{ snapshot }] = (await tx.$queryRawUnsafe<{ snapshot: string }[]>(`SELECT pg_export_snapshot() AS snapshot`)) as [{ snapshot: string }];
            shadows = await onWorkers(rebuildChains(steps), workers, (chain) =>
              pgTransaction(
                db,
                async (w) => {
                  // a fill's hash aggregates and an index's sort stay in memory instead of spilling to disk (set in
                  // the builders only: the embedded database's memory is the app process's own)
                  await w.$executeRawUnsafe(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'; SET LOCAL maintenance_work_mem = '${REBUILD_WORK_MEM}'`);
                  return buildShadows(w, chain, rows, timed, true);
                },
                { statementTimeoutMs: TIMEOUT_MS, snapshot },
              ),
            );
          }
          await timed("swap", async () => {
            await forgetChanges(tx);
            await swapShadows(tx, shadows);
          });
        },
        settings,
      );
    } catch (err) {
      await dropShadows(db, tables).catch(() => undefined);
      throw err;
    }
  }
  // the new tables' pages are marked all-visible for index-only scans (on Citus: the old rows freed)
  await timed("vacuum", () => db.$executeRawUnsafe(`VACUUM ${tables.join(", ")}`));
  return Object.fromEntries(ROLLUP_TABLES.map(({ table }) => [table, rows.get(table) ?? 0])) as Record<RollupTable, number>;
}

/** Transactions a PostgreSQL rebuild builds its tables in side by side by default (measured in bench/README.md). */
const REBUILD_WORKERS = 2;

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
