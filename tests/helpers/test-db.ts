import { resetEnvCache } from "@/lib/env";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createThrowawayDatabase, freePort, type Backend, type ThrowawayDatabase } from "@/lib/db/throwaway";

export type TestDatabase = ThrowawayDatabase;

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** The coordinator of the Citus cluster `../shared/citus/cluster.sh start` runs (CI exports it). */
export const CITUS_URL = process.env.CITUS_URL ?? "postgres://postgres@127.0.0.1:9700/test";

export { freePort };

export function testBackend(): Backend {
  const b = process.env.TEST_BACKEND;
  return b === "postgres" || b === "citus" ? b : "pglite";
}

/** A server backend: PostgreSQL or Citus, where transactions run side by side (PGlite's take turns). */
export const onServer = () => testBackend() !== "pglite";

async function unavailable(url: string, what: string, required: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    if (what === "Citus") {
      const { rows } = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'citus'`);
      if (!rows.length) throw new Error("the database there has no citus extension");
    }
    await client.end();
    return undefined;
  } catch (err) {
    await client.end().catch(() => undefined);
    const hint = what === "Citus" ? "; start it with ../shared/citus/cluster.sh start" : "";
    const reason = `${what} at ${url} does not answer (${(err as Error).message})${hint}`;
    if (process.env[required] === "1") throw new Error(`${reason}; ${required}=1 forbids skipping.`);
    return reason;
  }
}

/** Undefined when PostgreSQL answers; otherwise why the PostgreSQL suite is skipped. */
export const postgresUnavailable = () => unavailable(POSTGRES_URL, "PostgreSQL", "REQUIRE_POSTGRES");

/** A fresh, migrated database with reference data on this suite's backend. */
export function createTestDatabase(opts: { seedReference?: boolean } = {}): Promise<TestDatabase> {
  const backend = testBackend();
  return createThrowawayDatabase(backend, backend === "citus" ? CITUS_URL : POSTGRES_URL, opts);
}

/** Skip reason for this suite on this backend, printed once; undefined means run. */
export async function skipReason(): Promise<string | undefined> {
  const backend = testBackend();
  if (backend === "pglite") return undefined;
  const reason =
    backend === "citus" ? await unavailable(CITUS_URL, "Citus", "REQUIRE_CITUS") : await postgresUnavailable();
  if (reason) console.warn(`[integration-${backend}] skipped: ${reason}`);
  return reason;
}

/** Registers hooks for a fresh database plus a raw `pg` client on it, for catalogue-level tests. */
export function useDatabaseWithClient(): { t: TestDatabase; client: pg.Client } {
  const ctx = {} as { t: TestDatabase; client: pg.Client };
  beforeAll(async () => {
    ctx.t = await createTestDatabase({ seedReference: false });
    ctx.client = new pg.Client({ connectionString: ctx.t.url });
    await ctx.client.connect();
  });
  afterAll(async () => {
    await ctx.client?.end();
    await ctx.t?.close();
  });
  return ctx;
}

/** Points the app's own database handle (lib/db getDb, used by route handlers) at a test database. */
export function useAppDatabase(url: string): void {
  process.env.DATABASE_URL = url;
  resetEnvCache();
  delete (globalThis as { hpmDb?: unknown }).hpmDb;
}

/** Undoes useAppDatabase and closes the app's pool. */
export async function releaseAppDatabase(): Promise<void> {
  const g = globalThis as { hpmDb?: { $disconnect(): Promise<void> } };
  await g.hpmDb?.$disconnect();
  delete g.hpmDb;
  delete process.env.DATABASE_URL;
  resetEnvCache();
}
