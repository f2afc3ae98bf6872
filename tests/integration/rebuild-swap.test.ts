import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onCitus } from "@/lib/db/citus";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { rebuildSteps } from "@/lib/store/rebuild-steps";
import { rebuildRollups } from "@/lib/store/rollup-rebuild";
import { assertDerivedEqualsRebuild } from "../helpers/derived";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();
const TABLES = rebuildSteps("").map((s) => s.table);

// Outside Citus a rebuild fills a shadow of each derived table and swaps it in: the tables must come
// out as the migrations made them (columns, defaults, keys, indexes, the sketch version's sequence),
// and a rebuild that fails leaves the old tables and no shadow behind.
describe.skipIf(skip)("a rebuild's swap", () => {
  let t: TestDatabase;
  let citus = false;
  beforeAll(async () => {
    t = await createTestDatabase();
    citus = await onCitus(t.db);
    await runSimulation(t.db, planSimulation({ seed: 11, transactions: 3000, days: ["2023-09-30"], batchSize: 500 }));
  });
  afterAll(async () => t?.close());

  /** What the catalog says of every derived table, names and definitions only (no oids). */
  const definitions = () =>
    t.db.$queryRawUnsafe<unknown[]>(
      `SELECT c.relname AS table,
         (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
         (SELECT json_agg(pg_get_indexdef(i.indexrelid) ORDER BY pg_get_indexdef(i.indexrelid)) FROM pg_index i WHERE i.indrelid = c.oid) AS indexes,
         (SELECT json_agg(json_build_array(con.conname, pg_get_constraintdef(con.oid)) ORDER BY con.conname) FROM pg_constraint con WHERE con.conrelid = c.oid) AS constraints,
         (SELECT json_agg(s.relname ORDER BY s.relname) FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
            WHERE dep.refobjid = c.oid AND dep.deptype = 'a') AS owned_sequences
       FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]) ORDER BY c.relname`,
      TABLES,
    );
  const shadows = async () =>
    (await t.db.$queryRawUnsafe<{ relname: string }[]>(`SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname LIKE '%\\_\\_r%'`)).map((r) => r.relname);
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, Number((await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`))[0]!.n)])));
  const maxVersion = async () => (await t.db.$queryRawUnsafe<{ v: bigint }[]>(`SELECT max(version) AS v FROM payer_sketches`))[0]!.v;

  it("leaves every derived table as the migrations defined it, with the same rows as its SQL over raw payments", async () => {
    const before = await definitions();
    expect(before).toHaveLength(TABLES.length);
    const version = await maxVersion();
    const steps: string[] = [];
    await rebuildRollups(t.db, { onStep: (step) => steps.push(step) });
    expect(steps).toEqual(expect.arrayContaining([...TABLES, "vacuum"]));
    expect(await definitions()).toEqual(before);
    await assertDerivedEqualsRebuild(t.db);
    // the sketch versions' sequence survived its table: new cells get higher versions than any before
    expect(await maxVersion()).toBeGreaterThan(version);
    expect(await shadows()).toEqual([]);
  });

  it.skipIf(process.env.TEST_BACKEND === "citus")("drops what a crashed rebuild left, and a failed one keeps the old tables and leaves nothing", async () => {
    expect(citus).toBe(false);
    const before = await counts();
    // a shadow half-filled by a rebuild that died before its swap
    await t.db.$executeRawUnsafe(`CREATE TABLE rollup_1d__rebuild (x integer)`);
    await rebuildRollups(t.db);
    expect(await shadows()).toEqual([]);
    expect(await counts()).toEqual(before);
    // a name taken by something else makes one table's index fail midway through the rebuild
    await t.db.$executeRawUnsafe(`CREATE TABLE merchant_periods__rb0 (x integer)`);
    try {
      await expect(rebuildRollups(t.db)).rejects.toThrow(/merchant_periods__rb0/);
      expect(await shadows()).toEqual(["merchant_periods__rb0"]);
      expect(await counts()).toEqual(before);
      await assertDerivedEqualsRebuild(t.db);
    } finally {
      await t.db.$executeRawUnsafe(`DROP TABLE merchant_periods__rb0`);
    }
  });
});
