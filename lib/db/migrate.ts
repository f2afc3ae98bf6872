import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { analyzeSchema } from "./schema-tables";

// Applies prisma/migrations/*/migration.sql and records them in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status/deploy` would agree
// with us on a machine where the schema engine can run.

const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), "prisma/migrations");
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrate(url: string, dir = defaultMigrationsDir()): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const live = rows.filter((r) => !r.rolled_back_at);
    for (const m of migrations) {
      const done = live.find((r) => r.migration_name === m.name);
      if (done && !done.finished_at) {
        throw new Error(
          `Migration ${m.name} started earlier but never finished. Inspect the database, then mark it rolled back in _prisma_migrations before retrying.`,
        );
      }
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead of editing an applied one.`,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      // Postgres DDL is transactional: a failing migration leaves nothing behind.
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
    const unknown = live.filter((r) => !migrations.some((m) => m.name === r.migration_name));
    if (unknown.length > 0) {
      throw new Error(
        `The database has migrations this checkout does not know: ${unknown.map((r) => r.migration_name).join(", ")}. Update the checkout.`,
      );
    }
    // A table a migration creates and fills has no statistics until autovacuum (PostgreSQL) or the
    // embedded upkeep (every 10 minutes) analyses it, and the planner guesses meanwhile: the new
    // fx_outliers took 17 ms instead of 0.15 ms at 10M. Sampled, so seconds even then (4 s at 10M).
    if (result.applied.length) await analyzeSchema(async (sql) => (await client.query<{ name: string }>(sql)).rows);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
  return result;
}
