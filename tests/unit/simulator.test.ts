import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { FxModel } from "@/lib/simulate/fx";
import { finalStates, planSimulation, simulationBatches, type SimTransaction } from "@/lib/simulate/generate";
import { GAMES_UPLIFT, INCIDENTS, localMs } from "@/lib/simulate/profile";
import { referenceData } from "@/lib/reference/data";
import { distanceMetres } from "@/lib/geo";
import { generateMerchants, merchantCountFor, venueEventDays } from "@/lib/simulate/merchants";

const SIZE = 40_000;
const plan = planSimulation({ seed: 11, transactions: SIZE });
const rows = [...finalStates(plan).values()];
const localHour = (iso: string) => (new Date(iso).getUTCHours() + 8) % 24;
const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

function digest(seed: number): string {
  const h = crypto.createHash("sha256");
  for (const b of simulationBatches(planSimulation({ seed, transactions: 3_000, days: ["2023-08-05", "2023-09-30"] }))) {
    h.update(JSON.stringify(b.rows));
  }
  return h.digest("hex");
}

describe("Games simulator", () => {
  it("is deterministic from its seed", () => {
    expect(digest(5)).toBe(digest(5));
    expect(digest(5)).not.toBe(digest(6));
  });

  it("produces exactly the requested number of distinct payments", () => {
    expect(plan.total).toBe(SIZE);
    expect(rows).toHaveLength(SIZE);
  });

  it("is calibrated to the published uplift: +68.8% daily average over August, no day above +200%", () => {
    const perDay = new Map<string, number>();
    for (const r of rows) perDay.set(localDay(r.createdAt), (perDay.get(localDay(r.createdAt)) ?? 0) + 1);
    const mean = (pred: (d: string) => boolean) => {
      const xs = [...perDay].filter(([d]) => pred(d)).map(([, n]) => n);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const august = mean((d) => d.startsWith("2023-08"));
    const games = mean((d) => d >= "2023-09-23" && d <= "2023-10-08");
    expect(games / august).toBeGreaterThan(GAMES_UPLIFT - 0.02);
    expect(games / august).toBeLessThan(GAMES_UPLIFT + 0.02);
    expect(Math.max(...perDay.values()) / august).toBeLessThanOrEqual(3.02);
    expect(perDay.get("2023-09-23")! / august).toBeGreaterThan(2);
  });

  it("lets wallets pay only from their real launch dates", () => {
    for (const w of referenceData().wallets) {
      const first = rows.filter((r) => r.wallet === w.code).map((r) => r.createdAt).sort()[0];
      expect(first, w.code).toBeDefined();
      expect(Date.parse(first!)).toBeGreaterThanOrEqual(Date.parse(`${w.liveSince}T00:00:00+08:00`));
    }
    expect(rows.some((r) => r.wallet === "NAVERPAY" && localDay(r.createdAt) === "2023-09-19")).toBe(true);
  });

  it("succeeds 95-98% of the time and clusters failures in incidents", () => {
    const done = rows.filter((r) => r.status !== "PENDING" && r.status !== "UNKNOWN");
    const ok = done.filter((r) => r.status === "SUCCESS" || r.status === "REFUNDED").length / done.length;
    expect(ok).toBeGreaterThan(0.95);
    expect(ok).toBeLessThan(0.98);
    const outage = INCIDENTS.find((i) => i.id === "kakao-outage")!;
    const inWindow = (r: SimTransaction) => Date.parse(r.createdAt) >= localMs(outage.start) && Date.parse(r.createdAt) < localMs(outage.end);
    // the outage day alone at the volume of a 600k-payment run, for enough payments inside 40 minutes
    const day = [...finalStates(planSimulation({ seed: 11, transactions: 600_000, days: ["2023-09-30"] })).values()];
    const kakao = day.filter((r) => r.wallet === "KAKAOPAY");
    const failRate = (xs: SimTransaction[]) => xs.filter((r) => r.status === "FAILED").length / xs.length;
    expect(kakao.filter(inWindow).length).toBeGreaterThan(50);
    expect(failRate(kakao.filter(inWindow))).toBeGreaterThan(0.8);
    expect(failRate(kakao.filter((r) => !inWindow(r)))).toBeLessThan(0.06);
  });

  it("has night-time lows and meal-time peaks (Asia/Shanghai)", () => {
    const byHour = new Array(24).fill(0);
    for (const r of rows) byHour[localHour(r.createdAt)]++;
    expect(byHour[3] * 10).toBeLessThan(byHour[12]);
    expect(byHour[4] * 10).toBeLessThan(byHour[19]);
  });

  it("prices payments with wallet markups that differ by wallet", () => {
    const fx = new FxModel(plan.seed);
    const spreads = new Map<string, number[]>();
    for (const r of rows) {
      if (!r.wallet || r.wallet === "TRUEMONEY") continue; // TrueMoney has an FX incident
      const at = Date.parse(r.createdAt);
      const mid = Number(fx.midRate(r.currency, at - (at % 60_000), localDay(r.createdAt)));
      const applied = Number(r.amountCny) / Number(r.amount);
      if (Number(r.amountCny) < 50) continue; // rounding to whole KRW dominates tiny payments
      (spreads.get(r.wallet) ?? spreads.set(r.wallet, []).get(r.wallet)!).push((mid / applied - 1) * 10_000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const hk = median(spreads.get("ALIPAYHK")!);
    const hipay = median(spreads.get("HIPAY")!);
    expect(hk).toBeGreaterThan(25);
    expect(hk).toBeLessThan(50);
    expect(hipay).toBeGreaterThan(130);
    expect(hipay).toBeLessThan(170);
  });

  it("has merchants adopt over time: coverage grows from August into the Games", () => {
    const covered = (until: string) => new Set(rows.filter((r) => r.createdAt < until).map((r) => r.merchantId)).size / plan.merchants.length;
    const august = covered("2023-09-01");
    const all = covered("2023-10-09");
    expect(august).toBeGreaterThan(0.3);
    expect(all).toBeGreaterThan(august + 0.1);
    expect(all).toBeLessThan(0.9);
    const onboardedDuringGames = plan.merchants.filter((m) => m.onboardedOn >= "2023-09-01").length;
    expect(onboardedDuringGames / plan.merchants.length).toBeGreaterThan(0.15);
  });

  it("keeps ticket sizes inside each category's plausible range", () => {
    const merchants = new Map(plan.merchants.map((m) => [m.id, m]));
    const hotel = rows.filter((r) => merchants.get(r.merchantId)!.category === "HOTEL").map((r) => Number(r.amountCny));
    const shop = rows.filter((r) => merchants.get(r.merchantId)!.category === "CONVENIENCE").map((r) => Number(r.amountCny));
    expect(Math.min(...hotel)).toBeGreaterThanOrEqual(180);
    expect(Math.max(...shop)).toBeLessThanOrEqual(300);
  });

  it("sends some payments as PENDING first and resolves them in a later batch", () => {
    const firstSeen = new Map<string, string>();
    let updates = 0;
    for (const b of simulationBatches(plan)) {
      if (b.kind !== "transactions") continue;
      for (const r of b.rows) {
        if (firstSeen.has(r.externalId)) updates++;
        else firstSeen.set(r.externalId, r.status);
      }
    }
    expect([...firstSeen.values()].filter((s) => s === "PENDING").length).toBeGreaterThan(SIZE * 0.01);
    expect(updates).toBeGreaterThan(SIZE * 0.015);
  });
});

describe("merchants around the venues", () => {
  const ref = referenceData();
  const nearest = (lat: number, lon: number) =>
    ref.venues.map((v) => ({ code: v.code, d: distanceMetres(lat, lon, v.lat, v.lon) })).sort((a, b) => a.d - b.d)[0]!;
  /** Merchants whose nearest venue is each venue, within 1 km (what venue effects count by default). */
  const within1km = (merchants: { lat: number; lon: number }[]) => {
    const n = new Map<string, number>();
    for (const m of merchants) {
      const v = nearest(m.lat, m.lon);
      if (v.d <= 1000) n.set(v.code, (n.get(v.code) ?? 0) + 1);
    }
    return n;
  };
  const eventDays = venueEventDays();

  it("every venue with events has merchants within a kilometre, even in the smallest simulation", () => {
    const near = within1km(generateMerchants(11, merchantCountFor(1_000)));
    for (const code of eventDays.keys()) expect(near.get(code) ?? 0, code).toBeGreaterThanOrEqual(2);
  });

  it("places them in proportion to the venue's event days", () => {
    const near = within1km(generateMerchants(11, merchantCountFor(400_000)));
    const [most] = [...eventDays].sort((a, b) => b[1] - a[1]);
    const [least] = [...eventDays].sort((a, b) => a[1] - b[1]);
    expect(most![1]).toBeGreaterThan(least![1]);
    expect(near.get(most![0])!).toBeGreaterThan(near.get(least![0])!);
  });

  it("gives every venue paid payments nearby on its event days, so each has a match-day effect", () => {
    const merchants = new Map(plan.merchants.map((m) => [m.id, m]));
    const paid = new Map<string, number>();
    for (const r of rows) {
      if (r.status !== "SUCCESS") continue;
      const m = merchants.get(r.merchantId)!;
      const v = nearest(m.lat, m.lon);
      const day = localDay(r.createdAt);
      const onEventDay = ref.calendar.some((e) => e.venueCode === v.code && e.startsOn <= day && e.endsOn >= day);
      if (v.d <= 1000 && onEventDay) paid.set(v.code, (paid.get(v.code) ?? 0) + 1);
    }
    for (const code of eventDays.keys()) expect(paid.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});
