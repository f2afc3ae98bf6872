import pg from "pg";
import { SCHEMA_TABLES_SQL } from "./schema-tables";

// PGlite runs PostgreSQL as a single session: no autovacuum worker ever starts,
// so nothing vacuums or analyses the embedded database by itself. Ingestion
// upserts the rollups, so each payment leaves dead row versions behind in a
// dozen tables, and the planner keeps the statistics of the day the tables were
// created. Measured on PostgreSQL with autovacuum off, after loading 1M payments
// through the ingestion core: merchant_periods held 2.3M dead rows beside 0.6M
// live ones (see README, "Embedded database upkeep"). The owner of the embedded
// database does autovacuum's job instead, and the checkpointer's (startCheckpoints).

export interface Maintenance {
  stop(): Promise<void>;
}

export interface MaintenanceRun {
  tables: number;
  ms: number;
  /** the longest statement: how long other clients waited at most (PGlite runs one statement at a time) */
  slowest: { table: string; ms: number };
}

const walPosition = async (client: pg.Client) =>
  (await client.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0]!.lsn;

/**
 * VACUUM (ANALYZE) of every table of the current schema (public, or a Citus bench's own), one statement per
 * table so other clients' queries get their turn between them, skipped when
 * nothing was written since the last run (the WAL position has not moved).
 */
export async function vacuumAnalyze(client: pg.Client, since: string | null): Promise<{ run: MaintenanceRun | null; lsn: string }> {
  const lsn = await walPosition(client);
  if (lsn === since) return { run: null, lsn };
  const t0 = performance.now();
  const tables = await client.query<{ name: string }>(SCHEMA_TABLES_SQL);
  const slowest = { table: "", ms: 0 };
  for (const { name } of tables.rows) {
    const s0 = performance.now();
    await client.query(`VACUUM (ANALYZE) ${name}`);
    const ms = performance.now() - s0;
    if (ms > slowest.ms) Object.assign(slowest, { table: name, ms });
  }
  // the run writes too: remember where it ended, or every run would find work
  const after = await walPosition(client);
  return { run: { tables: tables.rowCount ?? 0, ms: performance.now() - t0, slowest }, lsn: after };
}

/**
 * Runs `job` every `everyMs` over a connection of its own to the served database (so it waits its
 * turn in the socket's queue like any client); a failed run is logged and tried again next time.
 */
function periodically(url: string, everyMs: number, what: string, job: (client: pg.Client) => Promise<void>, log: (line: string) => void): Maintenance {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await job(client);
      } catch (err) {
        if (!stopped) log(`embedded database ${what} failed, trying again in ${Math.round(everyMs / 1000)} s: ${(err as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, everyMs);
  // upkeep alone never keeps a process alive
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Runs vacuumAnalyze every `everyMs`. */
export function startMaintenance(url: string, everyMs: number, log: (line: string) => void = console.log): Maintenance {
  let since: string | null = null;
  return periodically(url, everyMs, "upkeep", async (client) => {
    const { run, lsn } = await vacuumAnalyze(client, since);
    since = lsn;
    if (run) {
      const { table, ms } = run.slowest;
      log(`embedded database upkeep: vacuumed and analysed ${run.tables} tables in ${(run.ms / 1000).toFixed(1)} s (longest: ${table}, ${(ms / 1000).toFixed(1)} s)`);
    }
  }, log);
}

/** WAL written since the last checkpoint after which the owner takes one: a quarter of PostgreSQL's max_wal_size. */
export const CHECKPOINT_AFTER_BYTES = 256 * 1024 * 1024;

/**
 * PGlite runs no checkpointer, so unless someone asks for a CHECKPOINT its WAL is never recycled:
 * it grows with every write (measured: 1.6 GB of WAL after 1.6 GB written; a 10M-payment load kept
 * 9.4 GB of WAL beside 5.5 GB of data), and a restart after a crash replays all of it. Takes a
 * checkpoint when at least `afterBytes` of WAL were written since the last one; says whether it did.
 */
export async function checkpointWhenDue(client: pg.Client, afterBytes = CHECKPOINT_AFTER_BYTES): Promise<boolean> {
  const { rows } = await client.query<{ behind: string }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint::text AS behind FROM pg_control_checkpoint()`,
  );
  if (BigInt(rows[0]!.behind) < BigInt(afterBytes)) return false;
  await client.query("CHECKPOINT");
  return true;
}

/** Checks every `everyMs` whether a checkpoint is due (checkpointWhenDue) and takes it. */
export function startCheckpoints(url: string, everyMs: number, afterBytes = CHECKPOINT_AFTER_BYTES, log: (line: string) => void = console.log): Maintenance {
  return periodically(url, everyMs, "checkpoint", async (client) => void (await checkpointWhenDue(client, afterBytes)), log);
}
