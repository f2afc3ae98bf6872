import { resetEnvCache } from "@/lib/env";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createThrowawayDatabase, freePort, type Backend, type ThrowawayDatabase } from "@/lib/db/throwaway";

export type TestDatabase = ThrowawayDatabase;

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export { freePort };

export function testBackend(): Backend {
  return process.env.TEST_BACKEND === "postgres" ? "postgres" : "pglite";
}

/** Undefined when PostgreSQL answers; otherwise why the PostgreSQL suite is skipped. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (err) {
    const reason = `PostgreSQL at ${POSTGRES_URL} does not answer (${(err as Error).message})`;
    if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`${reason}; REQUIRE_POSTGRES=1 forbids skipping.`);
    return reason;
  }
}

/** A fresh, migrated database with reference data on this suite's backend. */
export function createTestDatabase(opts: { seedReference?: boolean } = {}): Promise<TestDatabase> {
  return createThrowawayDatabase(testBackend(), POSTGRES_URL, opts);
}

/** Skip reason for this suite on this backend, printed once; undefined means run. */
export async function skipReason(): Promise<string | undefined> {
  if (testBackend() !== "postgres") return undefined;
  const reason = await postgresUnavailable();
  if (reason) console.warn(`[integration-postgres] skipped: ${reason}`);
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
