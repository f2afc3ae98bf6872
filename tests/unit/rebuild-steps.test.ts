import { describe, expect, it } from "vitest";
import { DERIVED_SQL } from "@/lib/store/rollup-rebuild";
import { rebuildChains, rebuildSteps } from "@/lib/store/rebuild-steps";
import { expandedRebuildSql } from "@/lib/store/family-sql";
import { SUMS } from "@/lib/store/families";
import { ROLLUP_TABLES } from "@/lib/store/rollup-keys";

const RAW = "SELECT * FROM raw_contributions";

describe("the rebuild's steps", () => {
  const steps = rebuildSteps(RAW);

  it("build every derived table once, each after the tables it reads", () => {
    const tables = steps.map((s) => s.table);
    expect([...tables].sort()).toEqual([...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)].sort());
    for (const [i, step] of steps.entries()) {
      for (const read of step.reads) expect(tables.indexOf(read), `${step.table} reads ${read}`).toBeLessThan(i);
      // a read table is named as the rebuild names it, never as the live table
      const sql = step.select((t) => `${t}__building`);
      for (const read of step.reads) expect(sql, step.table).toContain(`${read}__building`);
    }
  });

  it("read raw payments only where no table built before holds what they need", () => {
    const raw = steps.filter((s) => s.reads.length === 0).map((s) => s.table).sort();
    expect(raw).toEqual(["fx_outliers", "merchant_days", "payer_sketches", "payers", "rollup_1h", "rollup_5m"]);
    const readsPayments = (sql: string) => sql.includes(RAW) || /\b(FROM|JOIN) transactions\b/.test(sql);
    for (const s of steps) expect(readsPayments(s.select((t) => t)), s.table).toBe(s.reads.length === 0);
  });

  it("fall into chains that read nothing of each other, each in step order", () => {
    const chains = rebuildChains(steps);
    expect(chains.flat().map((s) => s.table).sort()).toEqual(steps.map((s) => s.table).sort());
    for (const chain of chains) {
      const tables = chain.map((s) => s.table);
      for (const [i, step] of chain.entries()) {
        for (const read of step.reads) expect(tables.slice(0, i), `${step.table} reads ${read}`).toContain(read);
      }
    }
    // heaviest first, so two builders finish close together
    expect(chains.map((c) => c.map((s) => s.table))).toEqual([
      ["merchant_days", "merchant_periods", "venue_days", "merchant_firsts", "merchant_coverage_days", "merchant_first_bitmaps"],
      ["rollup_1h", "rollup_1d", "rollup_1h_wallet", "rollup_1d_wallet", "rollup_1h_district", "rollup_1d_district", "district_hours"],
      ["payer_sketches"],
      ["rollup_5m"],
      ["payers", "payer_first_days"],
      ["fx_outliers"],
    ]);
  });

  it("aggregate each payment once into a family's own rows before its totals rows, and only where the first row is its own", () => {
    const days = SUMS.find((f) => f.table === "merchant_days")!;
    const sql = expandedRebuildSql(days, RAW);
    // the payments are read once, unexpanded; the expansion applies to the aggregated rows
    expect(sql.split(RAW)).toHaveLength(2);
    expect(sql).toMatch(/\) r CROSS JOIN LATERAL \(VALUES \(r\.channel_code, r\.wallet_code\), \('\*', '\*'\)\)/);
    // an expansion whose first row is not each contribution's own key cannot be summed from them
    expect(() => expandedRebuildSql(SUMS.find((f) => f.table === "merchant_periods")!, RAW)).toThrow(/first row/);
  });
});
