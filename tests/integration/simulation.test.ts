import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/roles";
import { runMetric } from "@/lib/http/metric-route";
import { finalStates, planSimulation, type SimTransaction } from "@/lib/simulate/generate";
import { runSimulation, type SimulationStats } from "@/lib/simulate/run";
import { expectedOverview } from "../helpers/expected";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
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

  it("answers the adoption and operations figures equal to the simulator's own totals", async () => {
    const { userId } = await sessionCookieFor(t.db, "OPS");
    const ops: SessionUser = { id: userId, email: "ops@test", name: "ops", role: "OPS", districts: [] };
    const query = new URLSearchParams("from=2023-08-17&to=2023-09-30");
    const adoption = (await runMetric("adoption", query, ops, t.db)).data;
    const operations = (await runMetric("operations", query, ops, t.db)).data;
    const e = expectedOverview(expected);
    const channel = (key: string) => adoption.byChannel.find((c) => c.key === key)!;
    expect([channel("WALLET").payments, channel("WALLET").volumeCny, channel("CARD").payments, channel("CARD").volumeCny])
      .toEqual([e.walletPayments, e.walletVolumeCny, e.cardPayments, e.cardVolumeCny]);
    // unique payers are estimated from sketches: within 2%
    expect(Math.abs(adoption.payers!.payers / e.payers - 1)).toBeLessThanOrEqual(0.02);
    const [onboarded] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM merchants WHERE onboarded_on <= '2023-09-30'`);
    expect([adoption.merchantCoverage.covered, adoption.merchantCoverage.merchants]).toEqual([e.merchantsWithForeignPayments, Number(onboarded!.n)]);
    const perWallet = new Map<string, { attempts: number; failed: number }>();
    for (const r of operations.series.filter((x) => x.wallet !== "")) {
      const w = perWallet.get(r.wallet) ?? { attempts: 0, failed: 0 };
      perWallet.set(r.wallet, { attempts: w.attempts + r.attempts, failed: w.failed + r.failed });
    }
    const got = adoption.byWallet.filter((w) => w.payments).map((w) => [w.key, { payments: w.payments, volumeCny: w.volumeCny, ...perWallet.get(w.key) }]);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(e.perWallet));
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
