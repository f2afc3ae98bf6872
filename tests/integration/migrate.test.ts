import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { skipReason, useDatabaseWithClient } from "../helpers/test-db";

const skip = await skipReason();

describe.skipIf(skip)("migration runner", () => {
  const ctx = useDatabaseWithClient();

  it("records each migration in Prisma's _prisma_migrations with the SHA-256 checksum", async () => {
    const { rows } = await ctx.client.query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations();
    expect(rows).toEqual(
      files.map((m) => ({
        migration_name: m.name,
        checksum: crypto.createHash("sha256").update(fs.readFileSync(`prisma/migrations/${m.name}/migration.sql`)).digest("hex"),
        finished: true,
        rolled_back_at: null,
        applied_steps_count: 1,
      })),
    );
  });

  it("leaves every table analysed, so the planner never guesses about a table a migration filled", async () => {
    // reltuples is -1 until a table is first analysed (or vacuumed)
    const { rows } = await ctx.client.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND reltuples < 0 ORDER BY relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it("is idempotent", async () => {
    const again = await migrate(ctx.t.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(readMigrations().map((m) => m.name));
  });

  it("refuses a migration edited after it was applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-mig-"));
    for (const m of readMigrations()) {
      fs.mkdirSync(path.join(dir, m.name));
      fs.writeFileSync(path.join(dir, m.name, "migration.sql"), `${m.sql}\n-- edited`);
    }
    await expect(migrate(ctx.t.url, dir)).rejects.toThrow(/was changed after it was applied/);
    fs.rmSync(dir, { recursive: true });
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-mig-"));
    for (const m of readMigrations()) {
      fs.mkdirSync(path.join(dir, m.name));
      fs.writeFileSync(path.join(dir, m.name, "migration.sql"), m.sql);
    }
    fs.mkdirSync(path.join(dir, "29990101000000_broken"));
    fs.writeFileSync(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nALTER TABLE no_such_table ADD COLUMN x int;`,
    );
    await expect(migrate(ctx.t.url, dir)).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
    const { rows } = await ctx.client.query(`SELECT to_regclass('public.half_done') AS t, (SELECT count(*)::int FROM "_prisma_migrations" WHERE migration_name LIKE '%broken') AS n`);
    expect(rows[0]).toEqual({ t: null, n: 0 });
    fs.rmSync(dir, { recursive: true });
  });
});
