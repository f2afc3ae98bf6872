import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as adoptionRoute } from "@/app/api/metrics/adoption/route";
import { GET as districtsRoute } from "@/app/api/metrics/districts/route";
import { getAdoption } from "@/lib/metrics/adoption";
import { getDistricts } from "@/lib/metrics/districts";
import { metricFilterSchema, type MetricFilterInput } from "@/lib/metrics/filter";
import { getFxSpreads } from "@/lib/metrics/fx-spreads";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "@/lib/store/histograms";
import { binOf } from "../helpers/oracles";
import { getOperations } from "@/lib/metrics/operations";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { scopedFilter } from "../helpers/filter";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

const FILTERS: [string, MetricFilterInput][] = [
  ["whole days, no filter", { from: "2023-08-17", to: "2023-10-01" }],
  ["unaligned minutes and two wallets", { from: "2023-09-30T18:07:00+08:00", to: "2023-10-01T09:52:30+08:00", wallets: "KAKAOPAY,ALIPAYHK" }],
  ["a category and districts (hourly tables)", { from: "2023-09-30T06:00:00+08:00", to: "2023-10-01", categories: "DINING,SOUVENIR", districts: "xihu,shangcheng,gongshu" }],
  ["districts only, hours and days (district tables)", { from: "2023-09-30T06:00:00+08:00", to: "2023-10-02", districts: "xihu,shangcheng,gongshu" }],
  ["districts and two wallets, unaligned minutes (five-minute edges, district tables)", { from: "2023-09-30T18:07:00+08:00", to: "2023-10-02T09:52:30+08:00", districts: "xihu,gongshu", wallets: "KAKAOPAY,ALIPAYHK" }],
  ["cards only", { from: "2023-08-17", to: "2023-09-30", channels: "CARD" }],
  ["one wallet (coverage from the per-day counts)", { from: "2023-08-17", to: "2023-09-30", wallets: "KAKAOPAY" }],
  ["within 1 km of two venues, two wallets, unaligned minutes (hourly tables)", { from: "2023-09-30T18:07:00+08:00", to: "2023-10-01T21:52:30+08:00", venues: "big-lotus,huanglong", radiusM: "1000", wallets: "KAKAOPAY,ALIPAYHK" }],
  ["within 500 m of any venue", { from: "2023-08-17", to: "2023-10-01", radiusM: "500" }],
];

/** Width of the histogram bin holding v: how far a percentile read from it may be off. */
const binWidth = (bounds: readonly number[], v: number) => {
  const b = binOf(bounds, v);
  return (bounds[b] ?? bounds[bounds.length - 1]!) - (bounds[b - 1] ?? bounds[0]!);
};

describe.skipIf(skip)("metric functions read rollups and agree with the raw rows", () => {
  let t: TestDatabase;
  const raw = async <T,>(range: { from: string; to: string }, f: ReturnType<typeof metricFilterSchema.parse>, select: string, tail = "") => {
    const where = [`t.created_at >= $1::timestamptz`, `t.created_at < $2::timestamptz`];
    const params: unknown[] = [range.from, range.to];
    const add = (sql: string, v: unknown) => (params.push(v), where.push(sql.replace("?", `$${params.length}`)));
    if (f.wallets.length) add(`coalesce(t.wallet_code, '') = ANY(?::text[])`, f.wallets);
    if (f.channels.length) add(`t.channel_code = ANY(?::text[])`, f.channels);
    if (f.districts.length) add(`t.district_code = ANY(?::text[])`, f.districts);
    if (f.categories.length) add(`m.category::text = ANY(?::text[])`, f.categories);
    if (f.radiusM !== null) add(`m.venue_distance_m <= ?`, f.radiusM);
    if (f.venues.length) add(`m.nearest_venue_code = ANY(?::text[])`, f.venues);
    return t.db.$queryRawUnsafe<T[]>(`SELECT ${select} FROM transactions t JOIN merchants m ON m.id = t.merchant_id WHERE ${where.join(" AND ")} ${tail}`, ...params);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await runSimulation(t.db, planSimulation({ seed: 5, transactions: 120_000, days: ["2023-08-17", "2023-08-20", "2023-09-30", "2023-10-01"] }));
  });
  afterAll(async () => t?.close());

  it.each(FILTERS)("adoption: %s", async (_name, input) => {
    const f = scopedFilter(input);
    const a = await getAdoption(t.db, f);
    const [tot] = await raw<{ p: bigint; v: string; n: bigint }>(a.range, f,
      `count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p, coalesce(sum(amount_cny) FILTER (WHERE status IN ('SUCCESS','REFUNDED')), 0)::text AS v, count(*) AS n`);
    expect({ payments: a.payments, volume: a.volumeCny, attempts: a.attempts }).toEqual({ payments: Number(tot!.p), volume: tot!.v, attempts: Number(tot!.n) });
    expect(a.payments).toBeGreaterThan(0);
    const byCountry = await raw<{ key: string; p: bigint; v: string }>(a.range, f,
      `t.payer_country AS key, count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p, coalesce(sum(amount_cny) FILTER (WHERE status IN ('SUCCESS','REFUNDED')), 0)::text AS v`, "GROUP BY 1 ORDER BY 2 DESC, 1");
    expect(a.byCountry).toEqual(byCountry.map((r) => ({ key: r.key, payments: Number(r.p), volumeCny: r.v })));
    const daily = await raw<{ day: string; wallet: string; p: bigint; v: string }>(a.range, f,
      `to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, coalesce(wallet_code, '') AS wallet, count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p, coalesce(sum(amount_cny) FILTER (WHERE status IN ('SUCCESS','REFUNDED')), 0)::text AS v`, "GROUP BY 1, 2 ORDER BY 1, 2");
    expect(a.daily).toEqual(daily.map((r) => ({ day: r.day, key: r.wallet, payments: Number(r.p), volumeCny: r.v })));
    for (const [set, column] of [["dailyByChannel", "t.channel_code"], ["dailyByCountry", "t.payer_country"]] as const) {
      const rows = await raw<{ day: string; key: string; p: bigint; v: string }>(a.range, f,
        `to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, ${column} AS key, count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p, coalesce(sum(amount_cny) FILTER (WHERE status IN ('SUCCESS','REFUNDED')), 0)::text AS v`, "GROUP BY 1, 2 ORDER BY 1, 2");
      expect(a[set], set).toEqual(rows.map((r) => ({ day: r.day, key: r.key, payments: Number(r.p), volumeCny: r.v })));
    }
    if (f.categories.length || f.radiusM !== null) expect(a.payers).toBeNull();
    else {
      const days = { from: new Date(`${a.payers!.days.from}T00:00:00+08:00`).toISOString(), to: new Date(Date.parse(`${a.payers!.days.to}T00:00:00+08:00`) + 86400_000).toISOString() };
      const [p] = await raw<{ n: bigint }>(days, f, `count(DISTINCT payer_hash) AS n`, "AND t.status IN ('SUCCESS','REFUNDED')");
      // first-time: the payer's first successful payment ever lies in these days (and districts)
      const [first] = await raw<{ n: bigint }>(days, f, `count(*) AS n`,
        `AND (t.payer_hash, t.created_at, t.district_code) IN (SELECT DISTINCT ON (payer_hash) payer_hash, created_at, district_code
           FROM transactions WHERE status IN ('SUCCESS','REFUNDED') ORDER BY payer_hash, created_at, district_code)
         AND t.status IN ('SUCCESS','REFUNDED')`);
      // unique payers from sketches: within 2%; first-time payers exact
      expect(Math.abs(a.payers!.payers / Number(p!.n) - 1)).toBeLessThanOrEqual(0.02);
      expect(a.payers!.firstTimePayers).toBe(Number(first!.n));
      expect(a.payers!.firstTimePayers).toBeGreaterThan(0);
      expect(a.payers!.payers).toBeGreaterThan(0);
    }
    const lastDayEnd = new Date(Date.parse(`${a.merchantCoverage.daily.at(-1)!.day}T00:00:00+08:00`) + 86400_000).toISOString();
    const covF = { ...f, channels: ["WALLET"] };
    const [cov] = await raw<{ n: bigint }>({ from: "2000-01-01T00:00:00Z", to: lastDayEnd }, covF, `count(DISTINCT t.merchant_id) AS n`, "AND t.status IN ('SUCCESS','REFUNDED')");
    expect(a.merchantCoverage.covered).toBe(Number(cov!.n));
    // and day by day: each merchant from its first counted payment on (any of the wallets), onboarded from its day
    const firstDays = await raw<{ day: string }>({ from: "2000-01-01T00:00:00Z", to: lastDayEnd }, covF,
      `to_char(min(t.created_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS day`, "AND t.status IN ('SUCCESS','REFUNDED') GROUP BY t.merchant_id");
    const onboarded = await t.db.$queryRawUnsafe<{ day: string }[]>(
      `SELECT to_char(m.onboarded_on, 'YYYY-MM-DD') AS day FROM merchants m WHERE ($1::text[] = '{}' OR m.district_code = ANY($1::text[]))
         AND ($2::text[] = '{}' OR m.category::text = ANY($2::text[])) AND ($3::integer IS NULL OR m.venue_distance_m <= $3::integer)
         AND ($4::text[] = '{}' OR m.nearest_venue_code = ANY($4::text[]))`,
      f.districts, f.categories, f.radiusM, f.venues);
    const upTo = (rows: { day: string }[], day: string) => rows.filter((r) => r.day <= day).length;
    expect(a.merchantCoverage.daily.map((d) => [d.day, d.covered, d.merchants])).toEqual(
      a.merchantCoverage.daily.map((d) => [d.day, upTo(firstDays, d.day), upTo(onboarded, d.day)]));
    expect(a.merchantCoverage.merchants).toBeGreaterThan(0);
    const [aug] = await raw<{ p: bigint }>({ from: "2023-07-31T16:00:00Z", to: "2023-08-31T16:00:00Z" }, f, `count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p`);
    expect(a.baseline.dailyPayments).toBeCloseTo(Number(aug!.p) / 31, 9);
  });

  it.each(FILTERS)("operations: %s", async (_name, input) => {
    const f = scopedFilter(input);
    const o = await getOperations(t.db, f);
    const step = o.stepSeconds;
    const offset = step === 86400 ? 8 * 3600 : 0;
    const series = await raw<{ bucket: Date; wallet: string; n: bigint; ok: bigint; failed: bigint }>(o.range, f,
      `to_timestamp(floor((extract(epoch FROM t.created_at) + ${offset}) / ${step}) * ${step} - ${offset}) AS bucket, coalesce(wallet_code, '') AS wallet, count(*) AS n,
       count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS ok, count(*) FILTER (WHERE status = 'FAILED') AS failed`, "GROUP BY 1, 2 ORDER BY 1, 2");
    expect(o.series.map((s) => [s.bucket, s.wallet, s.attempts, s.succeeded, s.failed])).toEqual(
      series.map((r) => [r.bucket.toISOString(), r.wallet, Number(r.n), Number(r.ok), Number(r.failed)]),
    );
    const codes = await raw<{ code: string; n: bigint }>(o.range, f, `result_code AS code, count(*) AS n`, "AND status = 'FAILED' GROUP BY 1 ORDER BY 2 DESC, 1");
    expect(o.topCodes.map((c) => [c.code, c.failed])).toEqual(codes.map((c) => [c.code, Number(c.n)]));
    const [lat] = await raw<{ n: bigint; mean: number | null; p50: number | null; p95: number | null; pending: bigint; unknown: bigint }>(o.range, f,
      `count(latency_ms) AS n, avg(latency_ms)::float8 AS mean, percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, count(*) FILTER (WHERE status = 'PENDING') AS pending, count(*) FILTER (WHERE status = 'UNKNOWN') AS unknown`);
    expect(o.latency.count).toBe(Number(lat!.n));
    expect(o.latency.meanMs!).toBeCloseTo(lat!.mean!, 6);
    expect(Math.abs(o.latency.p50Ms! - lat!.p50!)).toBeLessThanOrEqual(binWidth(LATENCY_BOUNDS_MS, lat!.p50!));
    expect(Math.abs(o.latency.p95Ms! - lat!.p95!)).toBeLessThanOrEqual(binWidth(LATENCY_BOUNDS_MS, lat!.p95!));
    expect(o.backlog).toEqual({ pending: Number(lat!.pending), unknown: Number(lat!.unknown) });
  });

  it.each(FILTERS)("districts and FX spreads: %s", async (_name, input) => {
    const f = scopedFilter(input);
    const d = await getDistricts(t.db, f);
    const byDistrict = await raw<{ district: string; p: bigint; v: string }>(d.range, f,
      `t.district_code AS district, count(*) FILTER (WHERE status IN ('SUCCESS','REFUNDED')) AS p, coalesce(sum(amount_cny) FILTER (WHERE status IN ('SUCCESS','REFUNDED')), 0)::text AS v`, "GROUP BY 1");
    const got = new Map(d.byDistrict.map((x) => [x.district, [x.payments, x.volumeCny]]));
    for (const r of byDistrict) expect(got.get(r.district)).toEqual([Number(r.p), r.v]);
    expect(d.byDistrict.filter((x) => (x.payments ?? 0) > 0).length).toBe(byDistrict.filter((r) => Number(r.p) > 0).length);
    const heat = await raw<{ hour: number; district: string; p: bigint }>(d.range, f,
      `extract(hour FROM t.created_at AT TIME ZONE 'Asia/Shanghai')::integer AS hour, t.district_code AS district, count(*) AS p`, "AND status IN ('SUCCESS','REFUNDED') GROUP BY 1, 2 ORDER BY 1, 2");
    expect(d.heatmap).toEqual(heat.map((r) => ({ hour: r.hour, district: r.district, payments: Number(r.p) })));
    if (f.categories.length || f.radiusM !== null) expect(d.byDistrict.every((x) => x.payers === null)).toBe(true);
    else {
      const wholeDays = { from: new Date(Date.parse(d.range.from) - ((Date.parse(d.range.from) + 8 * 3600_000) % 86400_000)).toISOString(), to: d.range.to };
      wholeDays.to = new Date(Math.ceil((Date.parse(d.range.to) + 8 * 3600_000) / 86400_000) * 86400_000 - 8 * 3600_000).toISOString();
      const payers = await raw<{ district: string; n: bigint }>(wholeDays, f, `t.district_code AS district, count(DISTINCT payer_hash) AS n`,
        "AND t.status IN ('SUCCESS','REFUNDED') GROUP BY 1");
      expect(payers.length).toBeGreaterThan(0);
      for (const r of payers) {
        const est = d.byDistrict.find((x) => x.district === r.district)!.payers!;
        // 2%, or a few payers where counts are small (the sketch's error is then about one payer)
        expect(Math.abs(est - Number(r.n)), r.district).toBeLessThanOrEqual(Math.max(4, 0.02 * Number(r.n)));
      }
    }

    const fx = await getFxSpreads(t.db, f);
    const spreads = await raw<{ source: string; n: bigint; mean: number; p50: number; p90: number }>(fx.range, f,
      `CASE WHEN wallet_code IS NULL THEN 'CARD:' || payer_country ELSE wallet_code END AS source, count(spread_bps) AS n, avg(spread_bps)::float8 AS mean,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY spread_bps)::float8 AS p50, percentile_disc(0.9) WITHIN GROUP (ORDER BY spread_bps)::float8 AS p90`,
      "AND spread_bps IS NOT NULL AND status IN ('SUCCESS','REFUNDED') GROUP BY 1 ORDER BY 1");
    expect(fx.bySource.map((s) => [s.source, s.count])).toEqual(spreads.map((s) => [s.source, Number(s.n)]));
    fx.bySource.forEach((s, i) => {
      const e = spreads[i]!;
      expect(s.meanBps!).toBeCloseTo(e.mean, 6);
      expect(Math.abs(s.p50Bps! - e.p50)).toBeLessThanOrEqual(binWidth(SPREAD_BOUNDS_BPS, e.p50));
      expect(Math.abs(s.p90Bps! - e.p90)).toBeLessThanOrEqual(binWidth(SPREAD_BOUNDS_BPS, e.p90));
    });
    const dailyFx = await raw<{ day: string; source: string; n: bigint; mean: number; p50: number }>(fx.range, f,
      `to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, CASE WHEN wallet_code IS NULL THEN 'CARD:' || payer_country ELSE wallet_code END AS source,
       count(spread_bps) AS n, avg(spread_bps)::float8 AS mean, percentile_disc(0.5) WITHIN GROUP (ORDER BY spread_bps)::float8 AS p50`,
      "AND spread_bps IS NOT NULL AND status IN ('SUCCESS','REFUNDED') GROUP BY 1, 2 ORDER BY 1, 2");
    expect(fx.daily.map((d) => [d.day, d.source, d.count])).toEqual(dailyFx.map((r) => [r.day, r.source, Number(r.n)]));
    fx.daily.forEach((d, i) => {
      expect(d.meanBps!).toBeCloseTo(dailyFx[i]!.mean, 6);
      expect(Math.abs(d.p50Bps! - dailyFx[i]!.p50)).toBeLessThanOrEqual(binWidth(SPREAD_BOUNDS_BPS, dailyFx[i]!.p50));
    });
    expect(fx.distribution.reduce((a, b) => a + b.count, 0)).toBe(spreads.reduce((a, s) => a + Number(s.n), 0));
  });

  it("the route checks the session and scope, validates the query string and answers with cache headers", async () => {
    useAppDatabase(t.url);
    try {
      const official = await sessionCookieFor(t.db, "OFFICIAL");
      const xihu = await sessionCookieFor(t.db, "OFFICIAL", ["xihu"]);
      const get = (q: string, cookie?: string) =>
        adoptionRoute(new Request(`http://test/api/metrics/adoption?${q}`, { headers: cookie ? { cookie } : {} }));
      expect((await get("from=2023-09-30&to=2023-09-30")).status).toBe(401);
      expect((await get("from=2023-09-30&to=2023-09-30", "next-auth.session-token=forged")).status).toBe(401);
      const bad = await get("from=2023-10-02&to=2023-10-01&wallets=VENMO&walet=X", official.cookie);
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body.error).toBe("invalid_filter");
      expect(body.message).toContain("unknown parameter walet");
      expect(body.message).toContain("unknown wallet VENMO");
      const ok = await get("from=2023-09-30&to=2023-09-30", official.cookie);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toContain("max-age=300");
      const json = await ok.json();
      expect(json.timeZone).toBe("Asia/Shanghai");
      expect(json.data.range).toEqual({ from: "2023-09-29T16:00:00.000Z", to: "2023-09-30T16:00:00.000Z" });
      const direct = await getAdoption(t.db, scopedFilter({ from: "2023-09-30", to: "2023-09-30" }));
      expect(json.data.volumeCny).toBe(direct.volumeCny);
      // a district official sees their district only, and may not ask for another
      const mine = await (await get("from=2023-09-30&to=2023-09-30", xihu.cookie)).json();
      expect(mine.data.volumeCny).toBe((await getAdoption(t.db, scopedFilter({ from: "2023-09-30", to: "2023-09-30", districts: "xihu" }))).volumeCny);
      expect(mine.data.volumeCny).not.toBe(direct.volumeCny);
      // other districts are not in their scope: absent, not listed as zero
      const theirs = await (await districtsRoute(new Request("http://test/api/metrics/districts?from=2023-09-30&to=2023-09-30", { headers: { cookie: xihu.cookie } }))).json();
      expect(theirs.data.byDistrict.map((d: { district: string }) => d.district)).toEqual(["xihu"]);
      expect(theirs.data.byDistrict[0].volumeCny).toBe(mine.data.volumeCny);
      const everyone = await (await districtsRoute(new Request("http://test/api/metrics/districts?from=2023-09-30&to=2023-09-30", { headers: { cookie: official.cookie } }))).json();
      expect(everyone.data.byDistrict.length).toBe(13);
      const other = await get("from=2023-09-30&to=2023-09-30&districts=binjiang", xihu.cookie);
      expect(other.status).toBe(403);
      expect((await other.json()).error).toBe("outside_scope");
      // a disabled user's cookie stops working at once
      await t.db.user.update({ where: { id: official.userId }, data: { disabledAt: new Date() } });
      expect((await get("from=2023-09-30&to=2023-09-30", official.cookie)).status).toBe(401);
    } finally {
      await releaseAppDatabase();
    }
  });
});
