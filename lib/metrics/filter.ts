import { z } from "zod";
import { CHANNELS, MERCHANT_CATEGORIES } from "../codes";
import { localMidnight } from "../local-time";
import { referenceData } from "../reference/data";
import { VENUE_RADII_M, VENUE_RADIUS_MESSAGE, VENUES_NEED_RADIUS, venueZones, type VenueRadius } from "../venue-zones";

// The one filter every metric takes, parsed from a query string on the server
// and built by the filter bar on the client. Times are Asia/Shanghai.

export { CHANNELS, MERCHANT_CATEGORIES };
export const MAX_RANGE_DAYS = 400;

const ref = referenceData();

function list(name: string, allowed: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((s) => (s ? [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))] : []))
    .superRefine((values, ctx) => {
      for (const v of values) {
        if (!allowed.includes(v)) ctx.addIssue({ code: "custom", message: `unknown ${name} ${v}; known: ${allowed.join(", ")}` });
      }
    });
}

/** YYYY-MM-DD is a local (Asia/Shanghai) day; `to` as a day includes that whole day. */
function instant(edge: "from" | "to") {
  return z
    .string({ message: `${edge} is required` })
    .transform((s, ctx) => {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(s);
      const ms = day ? localMidnight(s) + (edge === "to" ? 86400_000 : 0) : Date.parse(s);
      const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s);
      if (Number.isNaN(ms) || (!day && !isoWithZone)) {
        ctx.addIssue({ code: "custom", message: `${edge} must be a day (2023-09-23) or a date-time with a zone (2023-09-23T20:00:00+08:00)` });
        return z.NEVER;
      }
      return new Date(ms);
    });
}

/** Metres from a merchant's nearest venue; one of the radii the rollups keep. */
const radius = z
  .string()
  .optional()
  .transform((s, ctx): VenueRadius | null => {
    if (s === undefined || s === "") return null;
    const r = VENUE_RADII_M.find((x) => String(x) === s);
    if (r === undefined) {
      ctx.addIssue({ code: "custom", message: VENUE_RADIUS_MESSAGE });
      return z.NEVER;
    }
    return r;
  });

export const metricFilterSchema = z
  .strictObject({
    from: instant("from"),
    to: instant("to"),
    wallets: list("wallet", ref.wallets.map((w) => w.code)),
    channels: list("channel", CHANNELS),
    districts: list("district", ref.districts.filter((d) => d.current).map((d) => d.code)),
    categories: list("category", MERCHANT_CATEGORIES),
    // payments at merchants whose nearest venue is one of these (any venue when empty) within radiusM
    venues: list("venue", ref.venues.map((v) => v.code)),
    radiusM: radius,
  })
  .refine((f) => !f.venues.length || f.radiusM !== null, { message: VENUES_NEED_RADIUS, path: ["radiusM"] })
  .refine((f) => f.from < f.to, { message: "from must be before to", path: ["to"] })
  .refine((f) => f.to.getTime() - f.from.getTime() <= MAX_RANGE_DAYS * 86400_000, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ["to"],
  });

/** The venue zones the filter keeps, or null when it does not filter on venues. */
export function zonesOf(filter: Pick<MetricFilter, "venues" | "radiusM">): string[] | null {
  if (filter.radiusM === null) return null;
  return venueZones(filter.venues.length ? filter.venues : ref.venues.map((v) => v.code), filter.radiusM);
}

/** Filters on merchants' attributes (category, venue): payers and five-minute buckets are not kept by those. */
export const filtersMerchants = (filter: Pick<MetricFilter, "categories" | "radiusM">) => filter.categories.length > 0 || filter.radiusM !== null;

export type MetricFilterInput = z.input<typeof metricFilterSchema>;
export type MetricFilter = z.output<typeof metricFilterSchema>;

declare const scoped: unique symbol;
/**
 * A filter already narrowed to what the caller may see. Metric functions take
 * only this type, so none can be called with a filter that skipped the scope.
 */
export type ScopedFilter = MetricFilter & {
  readonly [scoped]: true;
  /** officials: figures from fewer distinct payers than this are suppressed; null for operations and admins */
  readonly suppressBelow: number | null;
};

export class OutOfScopeError extends Error {}

export interface Scope {
  districts: readonly string[];
  /** see ScopedFilter; absent: nothing suppressed */
  suppressBelow?: number | null;
}

/** Every district, nothing suppressed: scripts, tests, benchmarks. */
export const ALL_DISTRICTS: Scope = { districts: [], suppressBelow: null };

/** Narrows a filter to the caller's districts; asking for a district outside them is refused, not silently dropped. */
export function scopeFilter(filter: MetricFilter, scope: Scope): ScopedFilter {
  const outside = scope.districts.length ? filter.districts.filter((d) => !scope.districts.includes(d)) : [];
  if (outside.length) throw new OutOfScopeError(`You may see only ${scope.districts.join(", ")}; not ${outside.join(", ")}.`);
  const districts = scope.districts.length && !filter.districts.length ? [...scope.districts] : filter.districts;
  return { ...filter, districts, suppressBelow: scope.suppressBelow ?? null } as ScopedFilter;
}
