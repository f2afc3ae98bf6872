import { describe, expect, it } from "vitest";
import { filterSearch, isLive, metricSearch, parseDashboardFilter, rangeEnd, rangeStart, resolveRange } from "@/lib/dashboard/filter";
import { localDay } from "@/lib/local-time";
import { pivot } from "@/lib/dashboard/pivot";
import { LIVE_REFRESH_MS, metricRefetchInterval } from "@/lib/dashboard/refresh";
import { metricFilterSchema } from "@/lib/metrics/filter";

describe("dashboard filter in the URL", () => {
  it("round-trips through the query string in one canonical order, defaults left out", () => {
    const { filter, problems } = parseDashboardFilter(new URLSearchParams("wallets=TNG,KAKAOPAY,TNG&range=golden-week&compare=1"));
    expect(problems).toEqual([]);
    expect(filter).toMatchObject({ range: "golden-week", wallets: ["KAKAOPAY", "TNG"], compare: true });
    expect(filterSearch(filter)).toBe("range=golden-week&wallets=KAKAOPAY%2CTNG&compare=1");
    expect(filterSearch(parseDashboardFilter(new URLSearchParams(filterSearch(filter))).filter)).toBe(filterSearch(filter));
    expect(filterSearch(parseDashboardFilter({}).filter)).toBe("");
  });

  it("says what is wrong with a bad link and keeps the defaults", () => {
    const { filter, problems } = parseDashboardFilter({ wallets: "NOPE", from: "2023-10-05", to: "2023-10-01", districts: "atlantis" });
    expect(filter.range).toBe("games");
    expect(problems.join("; ")).toMatch(/unknown wallet NOPE/);
    expect(problems.join("; ")).toMatch(/unknown district atlantis/);
    expect(parseDashboardFilter({ from: "2023-10-05", to: "2023-10-01" }).problems.join()).toMatch(/from not after to/);
  });

  it("resolves relative presets against the clock, in Asia/Shanghai days", () => {
    const f = parseDashboardFilter({ range: "today" }).filter;
    // 23:30 UTC on 30 Sep is 07:30 on 1 Oct in Hangzhou
    expect(resolveRange(f, new Date("2023-09-30T23:30:00Z"))).toEqual({ from: "2023-10-01", to: "2023-10-01" });
    const hour = resolveRange(parseDashboardFilter({ range: "last-hour" }).filter, new Date("2023-10-01T04:07:10Z"));
    expect(hour).toEqual({ from: "2023-10-01T03:05:00.000Z", to: "2023-10-01T04:10:00.000Z" });
    expect(isLive(f, new Date())).toBe(true);
    expect(isLive(parseDashboardFilter({}).filter, new Date())).toBe(false);
  });

  it("refetches a live range always, and a past range only while its answer had changes waiting", () => {
    expect(metricRefetchInterval(true, undefined)).toBe(LIVE_REFRESH_MS);
    expect(metricRefetchInterval(true, { backlog: 0 })).toBe(LIVE_REFRESH_MS);
    expect(metricRefetchInterval(false, undefined)).toBe(false);
    expect(metricRefetchInterval(false, { backlog: 0 })).toBe(false);
    expect(metricRefetchInterval(false, {})).toBe(false);
    expect(metricRefetchInterval(false, { backlog: 1 })).toBe(LIVE_REFRESH_MS);
  });

  it("produces a query the metrics API accepts, for every preset", () => {
    for (const range of ["games", "opening-week", "golden-week", "today", "last-hour", "last-6-hours", "august"]) {
      const f = parseDashboardFilter({ range, wallets: "ALIPAYHK", categories: "DINING" }).filter;
      const parsed = metricFilterSchema.safeParse(Object.fromEntries(new URLSearchParams(metricSearch(f))));
      expect(parsed.success, range).toBe(true);
    }
  });
});

describe("pivot", () => {
  it("sums counts per cell, fills missing counts with 0, and keeps a hidden part hidden", () => {
    const rows = [
      { d: "1", k: "A", v: 2 },
      { d: "1", k: "A", v: 3 },
      { d: "2", k: "B", v: 4 },
      { d: "2", k: "A", v: null },
      { d: "2", k: "A", v: 7 },
    ];
    const p = pivot(rows, (r) => r.d, (r) => r.k, (r) => r.v);
    expect(p.series).toEqual(["A", "B"]);
    expect(p.rows).toEqual([
      { x: "1", A: 5, B: 0 },
      { x: "2", A: null, B: 4 },
    ]);
  });
});

describe("range edges", () => {
  it("turn presets into the local days they cover", () => {
    const games = resolveRange(parseDashboardFilter({}).filter);
    expect(localDay(rangeStart(games))).toBe("2023-09-23");
    expect(localDay(new Date(rangeEnd(games).getTime() - 1))).toBe("2023-10-08");
    // the last hour at 00:20 in Hangzhou starts on the previous local day
    const hour = resolveRange(parseDashboardFilter({ range: "last-hour" }).filter, new Date("2023-09-30T16:20:00Z"));
    expect(localDay(rangeStart(hour))).toBe("2023-09-30");
    expect(localDay(new Date(rangeEnd(hour).getTime() - 1))).toBe("2023-10-01");
  });
});
