import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded-server";
import { migrate } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/db/scratch";
import { seedReferenceData } from "@/lib/reference/seed";

export type Backend = "pglite" | "postgres";

export interface TestDatabase {
  backend: Backend;
  url: string;
  db: Db;
  close(): Promise<void>;
}

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function testBackend(): Backend {
  return process.env.TEST_BACKEND === "postgres" ? "postgres" : "pglite";
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
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

/** A fresh, migrated database with reference data: a temp PGlite owner or a new PostgreSQL database. */
export async function createTestDatabase(opts: { seedReference?: boolean } = {}): Promise<TestDatabase> {
  const backend = testBackend();
  let url: string;
  let cleanup: () => Promise<void>;
  if (backend === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-pglite-"));
    const owner = await startEmbeddedDatabase({ dataDir: path.join(dataDir, "db"), port: await freePort() });
    url = owner.url;
    cleanup = async () => {
      await owner.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  } else {
    const scratch = await createScratchDatabase(POSTGRES_URL, "hpm_test");
    url = scratch.url;
    cleanup = scratch.drop;
  }
  await migrate(url);
  const db = createDb(url, 4);
  if (opts.seedReference !== false) await seedReferenceData(db);
  return {
    backend,
    url,
    db,
    async close() {
      await db.$disconnect();
      await cleanup();
    },
  };
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
