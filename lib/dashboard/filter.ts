import { z } from "zod";
import { localDay, localMidnight } from "../local-time";
import { referenceData } from "../reference/data";
import { CHANNELS, MERCHANT_CATEGORIES } from "../codes";
import { VENUE_RADII_M, VENUE_RADIUS_MESSAGE, VENUES_NEED_RADIUS, type VenueRadius } from "../venue-zones";

// The dashboard's filter as it lives in the URL (shareable, back button works),
// shared by the pages (server) and the filter bar and query hooks (browser).
// It turns into the metrics API's filter only when a query runs, so "today" and
// "last hour" move with the clock on every refresh.

export const PRESETS = ["games", "opening-week", "golden-week", "today", "last-hour", "last-6-hours", "august", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

/** Fixed presets: local (Asia/Shanghai) days, both ends included (scheduled reports offer the same periods). */
export const FIXED_RANGES = {
  games: { from: "2023-09-23", to: "2023-10-08" },
  "opening-week": { from: "2023-09-23", to: "2023-09-29" },
  "golden-week": { from: "2023-09-29", to: "2023-10-06" },
  august: { from: "2023-08-01", to: "2023-08-31" },
} satisfies Partial<Record<Preset, { from: string; to: string }>>;
export const DEFAULT_PRESET: Preset = "games";

const ref = referenceData();
const day = z.iso.date({ message: "must be a day like 2023-09-23" });

function list(name: string, allowed: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((s) => (s ? [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))].sort() : []))
    .superRefine((values, ctx) => {
      for (const v of values) if (!allowed.includes(v)) ctx.addIssue({ code: "custom", message: `unknown ${name} ${v}` });
    });
}

export const dashboardFilterSchema = z
  .object({
    range: z.enum(PRESETS).optional(),
    from: day.optional(),
    to: day.optional(),
    wallets: list("wallet", ref.wallets.map((w) => w.code)),
    channels: list("channel", CHANNELS),
    districts: list("district", ref.districts.filter((d) => d.current).map((d) => d.code)),
    categories: list("category", MERCHANT_CATEGORIES),
    venues: list("venue", ref.venues.map((v) => v.code)),
    radiusM: z
      .enum(VENUE_RADII_M.map(String) as [string, ...string[]], { message: VENUE_RADIUS_MESSAGE })
      .optional()
      .transform((r) => (r === undefined ? null : (Number(r) as VenueRadius))),
    compare: z
      .enum(["1", "0"])
      .optional()
      .transform((v) => v === "1"),
  })
  .transform((f) => ({ ...f, range: f.range ?? (f.from && f.to ? "custom" : DEFAULT_PRESET) }))
  .refine((f) => !f.venues.length || f.radiusM !== null, { message: VENUES_NEED_RADIUS, path: ["radiusM"] })
  .refine((f) => f.range !== "custom" || (f.from && f.to && f.from <= f.to), {
    message: "a custom range needs from and to days, from not after to",
    path: ["from"],
  });

export type DashboardFilter = z.output<typeof dashboardFilterSchema>;

export const DEFAULT_FILTER: DashboardFilter = dashboardFilterSchema.parse({});

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

const entries = (search: Search): Record<string, string> =>
  search instanceof URLSearchParams
    ? Object.fromEntries(search)
    : Object.fromEntries(Object.entries(search).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : Array.isArray(v) ? [[k, v[0] ?? ""]] : [])));

const KNOWN = new Set(["range", "from", "to", "wallets", "channels", "districts", "categories", "venues", "radiusM", "compare"]);
const LISTS = ["wallets", "channels", "districts", "categories", "venues"] as const;

/** The dimension filters as query parameters, the same in the URL, the API call and a scheduled report's query. */
export function setDimensions(p: URLSearchParams, f: Record<(typeof LISTS)[number], readonly string[]> & { radiusM: number | null }): void {
  for (const k of LISTS) if (f[k].length) p.set(k, f[k].join(","));
  if (f.radiusM !== null) p.set("radiusM", String(f.radiusM));
}

/** The filter in a URL; a bad link keeps the defaults and says what was wrong. */
export function parseDashboardFilter(search: Search): { filter: DashboardFilter; problems: string[] } {
  const raw = Object.fromEntries(Object.entries(entries(search)).filter(([k]) => KNOWN.has(k)));
  const parsed = dashboardFilterSchema.safeParse(raw);
  if (parsed.success) return { filter: parsed.data, problems: [] };
  return { filter: DEFAULT_FILTER, problems: parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`) };
}

/** The canonical query string of a filter (stable order, defaults left out): URL and query-cache key. */
export function filterSearch(f: DashboardFilter, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (f.range === "custom") {
    p.set("from", f.from!);
    p.set("to", f.to!);
  } else if (f.range !== DEFAULT_PRESET) p.set("range", f.range);
  setDimensions(p, f);
  if (f.compare) p.set("compare", "1");
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

const FIVE_MIN = 300_000;

/** The instants a filter covers at `now`: days as local days, the last hours in whole 5-minute buckets up to and including the current one. */
export function resolveRange(f: DashboardFilter, now = new Date()): { from: string; to: string } {
  if (f.range === "custom") return { from: f.from!, to: f.to! };
  if (f.range === "today") {
    const d = localDay(now);
    return { from: d, to: d };
  }
  if (f.range === "last-hour" || f.range === "last-6-hours") {
    const end = Math.ceil((now.getTime() + 1) / FIVE_MIN) * FIVE_MIN;
    const hours = f.range === "last-hour" ? 1 : 6;
    return { from: new Date(end - hours * 3600_000 - FIVE_MIN).toISOString(), to: new Date(end).toISOString() };
  }
  return FIXED_RANGES[f.range as keyof typeof FIXED_RANGES];
}

/** End of a resolved range as an instant (a day `to` includes that whole day). */
export function rangeEnd(r: { to: string }): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(r.to) ? new Date(localMidnight(r.to) + 86400_000) : new Date(r.to);
}
export function rangeStart(r: { from: string }): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(r.from) ? new Date(localMidnight(r.from)) : new Date(r.from);
}

/** A range is live while it reaches now: its figures can still change, so the dashboard refreshes it. */
export function isLive(f: DashboardFilter, now = new Date()): boolean {
  const r = resolveRange(f, now);
  return rangeStart(r) <= now && rangeEnd(r) > new Date(now.getTime() - 10 * 60_000);
}

/** The metrics API query string for a filter at `now`, with any per-metric options. */
export function metricSearch(f: DashboardFilter, now = new Date(), options: Record<string, string> = {}): string {
  const r = resolveRange(f, now);
  const p = new URLSearchParams({ from: r.from, to: r.to });
  setDimensions(p, f);
  for (const [k, v] of Object.entries(options)) p.set(k, v);
  return p.toString();
}

/** The August baseline with the same dimensions, for the compare toggle. */
export const baselineOf = (f: DashboardFilter): DashboardFilter => ({ ...f, range: "august", from: undefined, to: undefined, compare: false });

/** The query-cache key of one metric for a filter, the same in the browser's hooks and the server's prefetch. */
export const metricKey = (name: string, f: DashboardFilter, options: Record<string, string> = {}) => ["metric", name, filterSearch(f, options)] as const;
