import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded-server";
import { freePort, testBackend } from "../helpers/test-db";

// Several clients send parameterised queries (Parse, Bind, Execute, Sync) at
// once, as the app's pool does while background jobs and pages query together.
// PGlite has one session: one client's Bind must never meet another's Parse.

describe.skipIf(testBackend() !== "pglite")("the embedded database served to concurrent clients", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-socket-"));
  let server: EmbeddedDatabase;
  beforeAll(async () => {
    server = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite"), port: await freePort() });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps each client's extended-protocol exchange together (8 clients, 800 queries of different shapes, some in transactions)", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      // every tenth task is a transaction of parameterised statements, as Prisma's interactive transactions send them
      const transaction = async (i: number) => {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          const a = (await c.query<{ v: number }>("SELECT $1::int * 2 AS v", [i])).rows[0]!.v;
          const b = (await c.query<{ v: string }>("SELECT $1::text || $2::text AS v", ["t", String(i)])).rows[0]!.v;
          await c.query("COMMIT");
          return a === i * 2 && b === `t${i}`;
        } finally {
          c.release();
        }
      };
      const results = await Promise.all(
        Array.from({ length: 800 }, async (_, i) => {
          if (i % 10 === 9) return transaction(i);
          if (i % 3 === 0) return (await pool.query<{ v: number }>("SELECT $1::int + $2::int AS v", [i, 1])).rows[0]!.v === i + 1;
          if (i % 3 === 1) return (await pool.query<{ v: string }>("SELECT $1::text || $2::text || $3::text AS v", ["a", String(i), "z"])).rows[0]!.v === `a${i}z`;
          return (await pool.query<{ v: number }>("SELECT count(*)::int AS v FROM generate_series(1, $1::int)", [i])).rows[0]!.v === i;
        }).map((p) => p.catch((err: Error) => err.message)),
      );
      expect(results.filter((r) => r !== true)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
