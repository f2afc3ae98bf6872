import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as failuresRoute } from "@/app/api/metrics/failures/route";
import { getFxOutliers, getRecentFailures } from "@/lib/metrics/drill-down";
import { getFxSpreads } from "@/lib/metrics/fx-spreads";
import { metricFilterSchema } from "@/lib/metrics/filter";
import { eachDay } from "@/lib/metrics/days";
import { getTopMerchants } from "@/lib/metrics/merchants";
import { getVenueEffects } from "@/lib/metrics/venue-effects";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { scopedFilter } from "../helpers/filter";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// Two ordinary competition days, two Big Lotus athletics days, and 2 October
// with the simulated TrueMoney FX quote problem.
const DAYS = ["2023-09-26", "2023-09-27", "2023-09-30", "2023-10-01", "2023-10-02"];

describe.skipIf(skip)("drill-downs and merchant figures agree with the raw rows", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await runSimulation(t.db, planSimulation({ seed: 11, transactions: 150_000, days: DAYS }));
  });
  afterAll(async () => t?.close());

  it("FX cost to payers per source equals the sum over payments (refunded included), to the fen", async () => {
    const f = scopedFilter({ from: "2023-09-26", to: "2023-10-02" });
    const fx = await getFxSpreads(t.db, f);
    const raw = await t.db.$queryRawUnsafe<{ source: string; cost: string }[]>(
      `SELECT CASE WHEN wallet_code IS NULL THEN 'CARD:' || payer_country ELSE wallet_code END AS source,
         round(coalesce(sum(amount_cny * spread_bps * 0.0001) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')), 0), 2)::text AS cost
       FROM transactions WHERE spread_bps IS NOT NULL AND status IN ('SUCCESS', 'REFUNDED') GROUP BY 1 ORDER BY 1`,
    );
    expect(fx.bySource.map((s) => [s.source, s.costCny])).toEqual(raw.map((r) => [r.source, r.cost]));
    expect(Number(fx.bySource.find((s) => s.source === "TRUEMONEY")!.costCny)).toBeGreaterThan(0);
  });

  it.each([
    { name: "two wallets", q: { wallets: "TNG,KAKAOPAY" }, where: "t.wallet_code IN ('TNG', 'KAKAOPAY')", n: 25 },
    { name: "within 5 km of any venue", q: { radiusM: "5000" }, where: "m.venue_distance_m <= 5000", n: 25 },
    { name: "within 2 km of two venues", q: { venues: "hangzhou-gym,huanglong", radiusM: "2000" }, where: "m.venue_distance_m <= 2000 AND m.nearest_venue_code IN ('hangzhou-gym', 'huanglong')", n: 5 },
  ])("lists the newest failures, filtered, newest first: $name", async ({ q, where, n }) => {
    const f = scopedFilter({ from: "2023-10-01", to: "2023-10-02", ...q });
    const { failures } = await getRecentFailures(t.db, f, { limit: 25 });
    const raw = await t.db.$queryRawUnsafe<{ external_id: string }[]>(
      `SELECT t.external_id FROM transactions t JOIN merchants m ON m.id = t.merchant_id WHERE t.status = 'FAILED' AND ${where}
         AND t.created_at >= '2023-09-30T16:00:00Z' AND t.created_at < '2023-10-02T16:00:00Z'
       ORDER BY t.created_at DESC, t.external_id DESC LIMIT 25`,
    );
    expect(raw.length).toBeGreaterThanOrEqual(n);
    expect(failures.map((x) => x.externalId)).toEqual(raw.map((r) => r.external_id));
    expect(failures.every((x) => x.status === "FAILED" && x.failureCategory !== null && x.merchantName.length > 0)).toBe(true);
    expect(Object.keys(failures[0]!).filter((k) => /hash|payerId/i.test(k))).toEqual([]);
  });

  it("the route parses the metric's own options beside the filter", async () => {
    useAppDatabase(t.url);
    try {
      const ops = await sessionCookieFor(t.db, "OPS");
      const official = await sessionCookieFor(t.db, "OFFICIAL");
      const get = (q: string, cookie = ops.cookie) => failuresRoute(new Request(`http://test/api/metrics/failures?${q}`, { headers: { cookie } }));
      // single payments are for operations, not officials
      expect((await get("from=2023-10-01&to=2023-10-02", official.cookie)).status).toBe(403);
      const bad = await get("from=2023-10-01&to=2023-10-02&limit=lots&wallets=VENMO");
      expect(bad.status).toBe(400);
      const { message } = await bad.json();
      expect(message).toContain("limit:");
      expect(message).toContain("unknown wallet VENMO");
      const ok = await get("from=2023-10-01&to=2023-10-02&limit=7");
      expect(ok.status).toBe(200);
      expect((await ok.json()).data.failures).toHaveLength(7);
    } finally {
      await releaseAppDatabase();
    }
  });

  it("finds the FX outliers of the TrueMoney quote problem, widest first", async () => {
    const f = scopedFilter({ from: "2023-09-26", to: "2023-10-02" });
    const { outliers } = await getFxOutliers(t.db, f, { minBps: 250, limit: 500 });
    const [n] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM transactions WHERE spread_bps >= 250`);
    expect(outliers.length).toBe(Math.min(500, Number(n!.n)));
    expect(outliers.length).toBeGreaterThan(0);
    // the quote problem, or a payment under one unit of its currency, where rounding to the cent alone moves the spread by 50 bps or more
    const explained = (o: (typeof outliers)[number]) => (o.wallet === "TRUEMONEY" && o.createdAt.startsWith("2023-10-02")) || Number(o.amount) < 1;
    expect(outliers.filter((o) => !explained(o))).toEqual([]);
    expect(outliers.filter((o) => o.wallet === "TRUEMONEY").length).toBeGreaterThan(outliers.length * 0.9);
    const spreads = outliers.map((o) => Number(o.spreadBps));
    expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
    const o = outliers[0]!;
    expect(Number(o.spreadCostCny)).toBeCloseTo((Number(o.amountCny) * Number(o.spreadBps)) / 10_000, 2);
  });

  // from the lowest threshold the API accepts, where fx_outliers holds every row of the list
  it.each([
    { name: "a district and a category", q: { districts: "xihu", categories: "DINING" }, where: "t.district_code = 'xihu' AND m.category = 'DINING'", n: 3 },
    { name: "one day, two wallets", q: { from: "2023-09-27", to: "2023-09-27", wallets: "HIPAY,TRUEMONEY" }, where: "t.wallet_code IN ('HIPAY', 'TRUEMONEY')", n: 20 },
    { name: "within 2 km of any venue", q: { radiusM: "2000" }, where: "m.venue_distance_m <= 2000", n: 40 },
  ])("lists FX outliers from 150 bps as the raw rows rank them: $name", async ({ q, where, n }) => {
    const f = scopedFilter({ from: "2023-09-26", to: "2023-10-02", ...q });
    const { outliers } = await getFxOutliers(t.db, f, { minBps: 150, limit: 40 });
    const raw = await t.db.$queryRawUnsafe<{ external_id: string }[]>(
      `SELECT t.external_id FROM transactions t JOIN merchants m ON m.id = t.merchant_id WHERE t.spread_bps >= 150 AND ${where}
         AND t.created_at >= $1::timestamptz AND t.created_at < $2::timestamptz
       ORDER BY t.spread_bps DESC, t.external_id LIMIT 40`,
      f.from.toISOString(),
      f.to.toISOString(),
    );
    expect(raw.length).toBeGreaterThanOrEqual(n);
    expect(outliers.map((o) => o.externalId)).toEqual(raw.map((r) => r.external_id));
  });

  // the top-N reads only the best merchant-days of each list while it can prove
  // the rest cannot reach the last place; every case is checked against all raw rows
  it.each([
    { name: "two districts, wallets only, part days", q: { from: "2023-09-30T10:00:00+08:00", to: "2023-10-01T12:00:00+08:00", districts: "xihu,binjiang", channels: "WALLET" }, n: 3,
      where: "t.channel_code = 'WALLET' AND t.district_code IN ('xihu', 'binjiang')", days: ["2023-09-30", "2023-10-01"] },
    { name: "every district, no filter", q: { from: "2023-09-26", to: "2023-10-02" }, n: 5, where: "true", days: DAYS },
    { name: "every district, 50 each", q: { from: "2023-09-26", to: "2023-10-02" }, n: 50, where: "true", days: DAYS },
    { name: "two wallets and a category", q: { from: "2023-09-26", to: "2023-10-01", wallets: "KAKAOPAY,ALIPAYHK", categories: "DINING" }, n: 4,
      where: "t.wallet_code IN ('KAKAOPAY', 'ALIPAYHK') AND m.category = 'DINING'", days: DAYS.slice(0, 4) },
    { name: "cards", q: { from: "2023-10-01", to: "2023-10-02", channels: "CARD" }, n: 2, where: "t.channel_code = 'CARD'", days: ["2023-10-01", "2023-10-02"] },
    { name: "within 5 km of Big Lotus", q: { from: "2023-09-26", to: "2023-10-02", venues: "big-lotus", radiusM: "5000" }, n: 3,
      where: "m.nearest_venue_code = 'big-lotus' AND m.venue_distance_m <= 5000", days: DAYS },
    { name: "within 1 km of any venue, two wallets", q: { from: "2023-09-26", to: "2023-10-02", radiusM: "1000", wallets: "KAKAOPAY,TNG" }, n: 3,
      where: "m.venue_distance_m <= 1000 AND t.wallet_code IN ('KAKAOPAY', 'TNG')", days: DAYS },
    // whole ISO weeks and a whole month come from merchant_periods, the days around them from merchant_days
    { name: "two whole weeks", q: { from: "2023-09-25", to: "2023-10-08" }, n: 4, where: "true", days: eachDay({ from: "2023-09-25", to: "2023-10-08" }) },
    { name: "a month, a week and a day, two wallets and a category", q: { from: "2023-09-01", to: "2023-10-08", wallets: "KAKAOPAY,ALIPAYHK", categories: "DINING" }, n: 3,
      where: "t.wallet_code IN ('KAKAOPAY', 'ALIPAYHK') AND m.category = 'DINING'", days: eachDay({ from: "2023-09-01", to: "2023-10-08" }) },
    { name: "a week and days, within 2 km of any venue", q: { from: "2023-09-24", to: "2023-10-02", radiusM: "2000" }, n: 3,
      where: "m.venue_distance_m <= 2000", days: eachDay({ from: "2023-09-24", to: "2023-10-02" }) },
  ])("ranks the top merchants of each district by volume over whole days: $name", async ({ q, n, where, days }) => {
    const top = await getTopMerchants(t.db, scopedFilter(q), { perDistrict: n });
    expect(top.days).toEqual({ from: days[0], to: days.at(-1) });
    const volume = "coalesce(sum(t.amount_cny) FILTER (WHERE t.status IN ('SUCCESS', 'REFUNDED')), 0)";
    const payments = "count(*) FILTER (WHERE t.status IN ('SUCCESS', 'REFUNDED'))";
    const raw = await t.db.$queryRawUnsafe<{ district: string; id: string; v: string; p: bigint; a: bigint; f: bigint }[]>(
      `SELECT district, id, v::numeric(20,2)::text AS v, p, a, f FROM (
         SELECT t.district_code AS district, m.id, ${volume} AS v, ${payments} AS p, count(*) AS a, count(*) FILTER (WHERE t.status = 'FAILED') AS f,
           row_number() OVER (PARTITION BY t.district_code ORDER BY ${volume} DESC, ${payments} DESC, m.id) AS rank
         FROM transactions t JOIN merchants m ON m.id = t.merchant_id
         WHERE to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') = ANY($1::text[]) AND ${where}
         GROUP BY 1, 2) x WHERE rank <= ${n} ORDER BY district, rank`,
      days,
    );
    expect(raw.length).toBeGreaterThan(n);
    expect(top.byDistrict.flatMap((d) => d.merchants.map((m) => [d.district, m.merchantId, m.volumeCny, m.payments, m.attempts, m.failed]))).toEqual(
      raw.map((r) => [r.district, r.id, r.v, Number(r.p), Number(r.a), Number(r.f)]),
    );
  });

  // each kind of venue_days row: the totals over all four unfiltered, over district and category by wallet
  // or channel, over category by district, and the category rows
  it.each([
    { name: "every payment", q: {}, where: "true" },
    { name: "one wallet", q: { wallets: "KAKAOPAY" }, where: "t.wallet_code = 'KAKAOPAY'" },
    { name: "one category", q: { categories: "DINING" }, where: "m.category = 'DINING'" },
    { name: "two districts", q: { districts: "binjiang,xiaoshan" }, where: "t.district_code IN ('binjiang', 'xiaoshan')" },
    { name: "cards", q: { channels: "CARD" }, where: "t.channel_code = 'CARD'" },
    { name: "two wallets in two districts", q: { wallets: "ALIPAYHK,TNG", districts: "binjiang,shangcheng" }, where: "t.wallet_code IN ('ALIPAYHK', 'TNG') AND t.district_code IN ('binjiang', 'shangcheng')" },
    {
      name: "a district, two categories and two wallets",
      q: { districts: "binjiang", categories: "DINING,RETAIL", wallets: "KAKAOPAY,ALIPAYHK" },
      where: "t.district_code = 'binjiang' AND m.category IN ('DINING', 'RETAIL') AND t.wallet_code IN ('KAKAOPAY', 'ALIPAYHK')",
    },
    { name: "Big Lotus only", q: { venues: "big-lotus" }, where: "true" },
  ])("measures the match-day uplift near each venue: $name", async ({ q, where }) => {
    const f = scopedFilter({ from: "2023-09-26", to: "2023-10-01", radiusM: "2000", ...q });
    const { venues, radiusM } = await getVenueEffects(t.db, f);
    expect(radiusM).toBe(2000);
    if (f.venues.length) expect(venues.map((v) => v.venue)).toEqual(["big-lotus"]);
    else expect(venues.length).toBeGreaterThan(10);
    const lotus = venues.find((v) => v.venue === "big-lotus")!;
    // athletics from 29 Sep; 28 and 29 Sep hold no simulated payments and count as zero
    expect([lotus.eventDays, lotus.otherDays]).toEqual([3, 3]);
    const raw = await t.db.$queryRawUnsafe<{ day: string; p: bigint }[]>(
      `SELECT to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*) AS p
       FROM transactions t JOIN merchants m ON m.id = t.merchant_id
       WHERE m.nearest_venue_code = 'big-lotus' AND m.venue_distance_m <= 2000 AND t.status IN ('SUCCESS', 'REFUNDED') AND ${where} GROUP BY 1`,
    );
    const by = new Map(raw.map((r) => [r.day, Number(r.p)]));
    const avg = (days: string[]) => days.reduce((a, d) => a + (by.get(d) ?? 0), 0) / days.length;
    expect(avg(["2023-09-29", "2023-09-30", "2023-10-01"])).toBeGreaterThan(0);
    expect(lotus.eventDailyPayments).toBeCloseTo(avg(["2023-09-29", "2023-09-30", "2023-10-01"]), 9);
    expect(lotus.otherDailyPayments).toBeCloseTo(avg(["2023-09-26", "2023-09-27", "2023-09-28"]), 9);
    // the simulator boosts merchants near a venue on its match days
    expect(lotus.uplift!).toBeGreaterThan(0.3);
  });

  it("takes only the radii it keeps, and 1 km when the filter sets none", async () => {
    const range = { from: "2023-09-26", to: "2023-10-01" };
    expect(metricFilterSchema.safeParse({ ...range, radiusM: "1500" }).error?.issues[0]).toMatchObject({
      path: ["radiusM"], message: "must be one of 250, 500, 1000, 2000, 5000 (metres)",
    });
    expect(metricFilterSchema.safeParse({ ...range, venues: "big-lotus" }).error?.issues[0]).toMatchObject({ path: ["radiusM"], message: "venues need a radiusM" });
    expect(metricFilterSchema.safeParse({ ...range, venues: "atlantis", radiusM: "500" }).error?.issues[0]?.message).toMatch(/^unknown venue atlantis; known: big-lotus/);
    expect((await getVenueEffects(t.db, scopedFilter(range))).radiusM).toBe(1000);
  });
});
