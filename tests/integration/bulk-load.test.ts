import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DERIVED_SQL } from "@/lib/store/rollup-rebuild";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// The benchmark's fast way to a big database: payments by two writers, then
// every derived table from the raw rows. It must end where ingestion ends.
describe.skipIf(skip)("a bulk load", () => {
  let t: TestDatabase;
  const plan = planSimulation({ seed: 7, transactions: 40_000, days: ["2023-09-30", "2023-10-01"], batchSize: 1000 });
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("stores every payment and fills every derived table from them", async () => {
    const stats = await runSimulation(t.db, plan, undefined, { bulk: true, writers: 2 });
    expect(stats.transactions).toBe(plan.total);
    expect(stats.rebuildMs).toBeGreaterThan(0);
    const [row] = await t.db.$queryRawUnsafe<{ raw: bigint; daily: bigint; merchant_days: bigint; cells: bigint }[]>(
      `SELECT (SELECT count(*) FROM transactions) AS raw, (SELECT sum(payments) FROM rollup_1d) AS daily,
         (SELECT sum(attempts) FROM merchant_days WHERE wallet_code = '*') AS merchant_days, (SELECT count(*) FROM payer_sketches) AS cells`,
    );
    expect(Number(row!.raw)).toBe(plan.total);
    expect(Number(row!.daily)).toBe(plan.total);
    expect(Number(row!.merchant_days)).toBe(plan.total);
    expect(Number(row!.cells)).toBeGreaterThan(0);
    // each derived table holds exactly what its SQL computes from the raw rows
    for (const [table, sql] of Object.entries(DERIVED_SQL)) {
      const [diff] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ((SELECT * FROM (${sql}) x EXCEPT SELECT ${table === "payer_sketches" ? "day, channel_code, wallet_code, district_code, registers" : "*"} FROM ${table}))  d`,
      );
      expect(Number(diff!.n), table).toBe(0);
    }
  });

  it("refuses a database that already holds payments", async () => {
    await expect(runSimulation(t.db, plan, undefined, { bulk: true })).rejects.toThrow("A bulk load needs a database without payments.");
  });
});
