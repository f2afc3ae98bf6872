import pg from "pg";

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
 * A throw-away schema in the database at baseUrl, reached through the URL's search_path: on a
 * Citus cluster, where a new database would need the extension and its workers set up again.
 */
export async function createScratchSchema(baseUrl: string, prefix: string): Promise<Scratch> {
  const name = scratchName(prefix);
  await runAt(baseUrl, `CREATE SCHEMA ${name}`);
  const u = new URL(baseUrl);
  u.searchParams.set("options", `-c search_path=${name}`);
  return { url: u.toString(), drop: () => runAt(baseUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`) };
}
