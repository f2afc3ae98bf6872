import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { askOnce } from "./ask-once";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside an interactive transaction (`db.$transaction(async (tx) => …)`). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Raw SQL with numbered parameters: what the ingestion write path needs, from Prisma (Tx) or straight from pg (pgTransaction). */
export interface Sql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

// Kept on the client under a registered symbol, not in a module-level map: Next bundles
// instrumentation.ts apart from the routes, so this module exists twice in the app
// process, and the client getDb() shares through globalThis reaches both copies.
const POOL = Symbol.for("hpm.pg-pool");
const poolOf = (db: Db) => (db as unknown as Record<symbol, pg.Pool | undefined>)[POOL];

/**
 * The schema a URL's `options=-c search_path=...` names (a throw-away test schema on Citus, where
 * each test gets a schema rather than a database), or undefined for the default.
 */
function urlSchema(url: string): { options: string; schema?: string } {
  const options = new URL(url).searchParams.get("options") ?? "";
  return { options, schema: /(?:^|\s)-c\s*search_path=(\w+)/.exec(options)?.[1] };
}

/** The one place a Prisma client is created; both backends speak the Postgres protocol. */
export function createDb(url: string, maxConnections: number): Db {
  const { options, schema } = urlSchema(url);
  // JIT off: the dashboard's queries read rollups and finish in milliseconds, while
  // PostgreSQL compiles any plan estimated above jit_above_cost first, which took
  // about 100 ms on its own (EXPLAIN ANALYZE of the top-merchants query here).
  // PGlite has no JIT and ignores the option.
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, options: `${options} -c jit=off`.trim() });
  // an idle connection the server dropped (a restart, a killed backend) is discarded by the pool;
  // without a listener its 'error' event would end the whole process
  pool.on("error", (err) => console.warn(`database connection lost while idle: ${err.message}`));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true, ...(schema ? { schema } : {}) }) });
  Object.defineProperty(db, POOL, { value: pool });
  return db;
}

/** The most connections a client made by createDb opens at once. */
export function poolSize(db: Db): number {
  return poolOf(db)?.options.max ?? 1;
}

/** Whether a client's database is the embedded one (PGlite runs one transaction at a time): asked once per client. */
export const onPglite = askOnce(`SELECT version() LIKE '%PGlite%' AS yes`);

/**
 * One transaction on a connection of the client's own pool, with plain pg:
 * Prisma's raw-query path serialises every parameter through its query
 * engine, which for 1,000-element arrays costs about as much as PostgreSQL's
 * own work (measured: 46 ms against 25 ms per 1,000-row insert), and ingestion
 * sends a dozen such statements per batch. Results come back as pg parses them:
 * bigint and numeric as strings, so the write path casts what it reads.
 */
export async function pgTransaction<T>(
  db: Db,
  fn: (sql: Sql) => Promise<T>,
  opts: {
    statementTimeoutMs: number;
    /** one snapshot for every statement (a rebuild that must see the same payments and change log throughout) */
    repeatableRead?: boolean;
    /** a session lock taken before BEGIN and released after the end, so the snapshot comes after the lock */
    sessionLock?: { take: string; release: string };
    /** another open transaction's snapshot (pg_export_snapshot()), read repeatably: a rebuild's builders see what it sees */
    snapshot?: string;
  },
): Promise<T> {
  const pool = poolOf(db);
  if (!pool) throw new Error("pgTransaction needs a client made by createDb");
  const client = await pool.connect();
  // a connection lost mid-transaction fails the pending query; the event itself must not end the process
  let lost: Error | null = null;
  const onLost = (err: Error) => (lost = err);
  client.on("error", onLost);
  const sql: Sql = {
    $queryRawUnsafe: async <R>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as R,
    $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await client.query(query, values)).rowCount ?? 0,
  };
  let broken = false;
  let locked = false;
  try {
    if (opts.sessionLock) {
      await client.query(opts.sessionLock.take);
      locked = true;
    }
    const snapshot = opts.snapshot ? `; SET TRANSACTION SNAPSHOT '${opts.snapshot.replace(/[^0-9A-F-]/gi, "")}'` : "";
    const isolation = opts.repeatableRead || snapshot ? " ISOLATION LEVEL REPEATABLE READ" : "";
    await client.query(`BEGIN${isolation}${snapshot}; SET LOCAL statement_timeout = ${Math.round(opts.statementTimeoutMs)}`);
    const result = await fn(sql);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw err;
  } finally {
    if (locked) await client.query(opts.sessionLock!.release).catch(() => (broken = true));
    client.off("error", onLost);
    // a connection that could not even roll back, or that the server dropped, is not handed out again
    client.release(broken || lost !== null);
  }
}
