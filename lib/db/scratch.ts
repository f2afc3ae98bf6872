import pg from "pg";
import { retryOnSqlState, SQLSTATE } from "./errors";

interface Scratch {
  url: string;
  drop(): Promise<void>;
}

const scratchName = (prefix: string) => `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

/** One statement on its own connection to baseUrl. */
async function runAt(baseUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A throw-away PostgreSQL database beside the one at baseUrl, for tests and benchmarks. */
export async function createScratchDatabase(baseUrl: string, prefix: string): Promise<Scratch> {
  const name = scratchName(prefix);
  await runAt(baseUrl, `CREATE DATABASE ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => runAt(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Runs an idempotent DDL step on the Citus cluster at baseUrl in its turn. Placing or dropping the
 * distributed and reference tables of one schema while another schema's are placed, dropped or
 * written now and then ends in "canceling the transaction since it was involved in a distributed
 * deadlock" (measured: 1 schema in 60 with the Citus suite running beside; once in CI): the test
 * files' schemas take turns through one advisory lock, and a step that still loses a deadlock to
 * another schema's writes runs again.
 */
export async function inCitusDdlTurn<T>(baseUrl: string, step: () => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_advisory_lock(hashtext('hpm/citus-scratch-ddl'))`);
    return await retryOnSqlState([SQLSTATE.deadlock], 3, step);
  } finally {
    await admin.end();
  }
}

/**
 * A throw-away schema in the database at baseUrl, reached through the URL's search_path: on a
 * Citus cluster, where a new database would need the extension and its workers set up again.
 */
export async function createScratchSchema(baseUrl: string, prefix: string): Promise<Scratch> {
  const name = scratchName(prefix);
  await runAt(baseUrl, `CREATE SCHEMA ${name}`);
  const u = new URL(baseUrl);
  u.searchParams.set("options", `-c search_path=${name}`);
  return {
    url: u.toString(),
    drop: () => inCitusDdlTurn(baseUrl, () => runAt(baseUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`)),
  };
}
