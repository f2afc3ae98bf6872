import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_DISTRICTS } from "@/lib/metrics/filter";
import { getOverview } from "@/lib/metrics/overview";
import { finalStates, planSimulation, type SimTransaction } from "@/lib/simulate/generate";
import { runSimulation, type SimulationStats } from "@/lib/simulate/run";
import { expectedOverview } from "../helpers/expected";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// Three days of a 60k-payment Games: an August day with the TNG outage, the
// opening day and the Kakao Pay outage day.
const plan = planSimulation({ seed: 77, transactions: 60_000, days: ["2023-08-17", "2023-09-23", "2023-09-30"] });
const expected: SimTransaction[] = [...finalStates(plan).values()];

describe.skipIf(skip)("simulated Games through the ingestion core", () => {
  let t: TestDatabase;
  let stats: SimulationStats;
  beforeAll(async () => {
    t = await createTestDatabase();
    stats = await runSimulation(t.db, plan);
  });
  afterAll(async () => t?.close());

  it("stores every simulated payment in its final state", async () => {
    expect(stats.transactions).toBe(expected.length);
    const rows = await t.db.$queryRawUnsafe<{ wallet: string; status: string; n: bigint }[]>(
      `SELECT coalesce(wallet_code, 'CARD') AS wallet, status::text AS status, count(*) AS n FROM transactions GROUP BY 1, 2`,
    );
    const actual = Object.fromEntries(rows.map((r) => [`${r.wallet}/${r.status}`, Number(r.n)]));
    const want: Record<string, number> = {};
    for (const r of expected) {
      const k = `${r.wallet ?? "CARD"}/${r.status}`;
      want[k] = (want[k] ?? 0) + 1;
    }
    expect(actual).toEqual(want);
  });

  it("computes the overview figures equal to the simulator's own totals", async () => {
    const o = await getOverview(t.db, ALL_DISTRICTS);
    const e = expectedOverview(expected);
    // unique payers are estimated from sketches: within 2%
    expect(Math.abs(o.payers / e.payers - 1)).toBeLessThanOrEqual(0.02);
    const lastDay = new Date(Date.parse(o.lastPaymentAt!) + 8 * 3600_000).toISOString().slice(0, 10);
    const [onboarded] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM merchants WHERE onboarded_on <= $1::date`, lastDay);
    expect(o).toMatchObject({
      walletVolumeCny: e.walletVolumeCny,
      walletPayments: e.walletPayments,
      cardVolumeCny: e.cardVolumeCny,
      cardPayments: e.cardPayments,
      merchantsWithForeignPayments: e.merchantsWithForeignPayments,
      merchants: Number(onboarded!.n),
    });
    for (const w of o.wallets.filter((x) => (x.attempts ?? 0) > 0)) {
      expect({ wallet: w.wallet, payments: w.payments, volumeCny: w.volumeCny, failed: w.failed, attempts: w.attempts }).toEqual({
        wallet: w.wallet,
        ...e.perWallet.get(w.wallet),
      });
    }
    expect(o.wallets.filter((x) => (x.attempts ?? 0) > 0).length).toBe(e.perWallet.size);
  });

  it("prices every payment against a reference rate and keeps wallet markups apart", async () => {
    const rows = await t.db.$queryRawUnsafe<{ wallet: string; missing: bigint; p50: number }[]>(`
      SELECT wallet_code AS wallet, count(*) FILTER (WHERE mid_rate IS NULL) AS missing,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY spread_bps)::float8 AS p50
      FROM transactions WHERE wallet_code IN ('ALIPAYHK', 'HIPAY') AND amount_cny >= 50 GROUP BY 1 ORDER BY 1`);
    expect(rows.map((r) => Number(r.missing))).toEqual([0, 0]);
    expect(rows[0]!.p50).toBeGreaterThan(25);
    expect(rows[0]!.p50).toBeLessThan(50);
    expect(rows[1]!.p50).toBeGreaterThan(130);
  });

  it("changes nothing when the same simulation is replayed", async () => {
    const before = await t.db.$queryRawUnsafe<{ n: bigint; s: string; u: Date }[]>(
      `SELECT count(*) AS n, sum(amount_cny)::text AS s, max(updated_at) AS u FROM transactions`,
    );
    const again = await runSimulation(t.db, plan);
    expect(again).toMatchObject({ transactions: 0, updates: 0 });
    const after = await t.db.$queryRawUnsafe<typeof before>(
      `SELECT count(*) AS n, sum(amount_cny)::text AS s, max(updated_at) AS u FROM transactions`,
    );
    expect(after).toEqual(before);
  });

  it("places every merchant in a current district with its nearest venue", async () => {
    const rows = await t.db.$queryRawUnsafe<{ n: bigint; no_venue: bigint; legacy: bigint }[]>(`
      SELECT count(*) AS n, count(*) FILTER (WHERE nearest_venue_code IS NULL) AS no_venue,
        count(*) FILTER (WHERE NOT d.current) AS legacy
      FROM merchants m JOIN districts d ON d.code = m.district_code`);
    expect(rows[0]).toEqual({ n: BigInt(plan.merchants.length), no_venue: 0n, legacy: 0n });
  });
});
