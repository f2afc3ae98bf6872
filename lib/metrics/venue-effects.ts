import "server-only";
import type { Db } from "../db/client";
import { ALL } from "../store/families";
import { eachDay, wholeDays, type DayRange } from "./days";
import type { MetricFilter, ScopedFilter } from "./filter";
import { venueConditions } from "./raw-rows";
import { dimensionConditions } from "./rollup-query";
import { suppress } from "./suppression";

// Venue effects from venue_days (per day, venue ring, channel, wallet, district and category, plus
// '*' totals over district and category) and the merchants near each venue: whole local days.

/** Conditions on `merchants m`, numbering parameters after those already in params. */
function merchantConditions(filter: MetricFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.districts.length) where.push(`m.district_code = ANY($${params.push(filter.districts)}::text[])`);
  if (filter.categories.length) where.push(`m.category::text = ANY($${params.push(filter.categories)}::text[])`);
  where.push(...venueConditions(filter, (v) => `$${params.push(v)}`));
  return where;
}

export interface VenueEffect {
  venue: string;
  nameEn: string;
  nameZh: string;
  district: string;
  merchants: number;
  eventDays: number;
  otherDays: number;
  /** successful payments per day at merchants within the radius; null also when suppressed for this viewer */
  eventDailyPayments: number | null;
  otherDailyPayments: number | null;
  /** event-day average over other competition days, minus one; null without both kinds of day */
  uplift: number | null;
  suppressed?: string;
}

/** The radius venue effects use when the filter sets none. */
export const VENUE_EFFECTS_RADIUS_M = 1_000;

/** Successful payments and payer bits per venue and day within the radius: the sum of the rings inside it. */
function venueDays(db: Db, filter: MetricFilter, days: DayRange, radiusM: number) {
  const params: unknown[] = [days.from, days.to, radiusM];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ["day BETWEEN $1::date AND $2::date", "ring_m <= $3"];
  if (filter.venues.length) where.push(`venue_code = ANY(${p(filter.venues)}::text[])`);
  // wallets, channels and districts as on the rollups (a wallet, channel or district filter leaves out the '*' rows)
  where.push(...dimensionConditions({ ...filter, categories: [], radiusM: null }, p));
  // exactly one of the row kinds holds each payment once (see the schema): the category's rows,
  // the districts' totals over category, the totals over both, or the totals over all four
  if (filter.categories.length) where.push(`category = ANY(${p(filter.categories)}::text[])`);
  else if (filter.districts.length) where.push(`category = '${ALL}'`);
  else where.push(`district_code = '${ALL}'`, ...(filter.wallets.length || filter.channels.length ? [] : [`channel_code = '${ALL}'`]));
  return db.$queryRawUnsafe<{ venue: string; day: string; payments: bigint; bits: string }[]>(
    `SELECT venue_code AS venue, to_char(day, 'YYYY-MM-DD') AS day, sum(payments)::bigint AS payments, bit_or(payer_bits)::text AS bits
     FROM venue_days WHERE ${where.join(" AND ")} GROUP BY 1, 2`,
    ...params,
  );
}

/**
 * Payments at merchants within the filter's radius (1 km when it sets none) of
 * each venue on its event days (match days, ceremonies) against the other
 * competition days in the range.
 */
export async function getVenueEffects(db: Db, filter: ScopedFilter): Promise<{ days: DayRange; radiusM: number; venues: VenueEffect[] }> {
  const days = wholeDays(filter);
  const radiusM = filter.radiusM ?? VENUE_EFFECTS_RADIUS_M;
  const venueParams: unknown[] = [radiusM];
  const venueMerchants = merchantConditions(filter, venueParams);
  const [rows, venues, events] = await Promise.all([
    venueDays(db, filter, days, radiusM),
    db.$queryRawUnsafe<{ code: string; name_en: string; name_zh: string; district: string; merchants: bigint }[]>(
      // one pass over the merchants for every venue, not one per venue
      `SELECT v.code, v.name_en, v.name_zh, v.district_code AS district, coalesce(n.merchants, 0) AS merchants
       FROM venues v LEFT JOIN (
         SELECT m.nearest_venue_code AS code, count(*) AS merchants FROM merchants m
         WHERE ${["m.venue_distance_m <= $1", ...venueMerchants].join(" AND ")} GROUP BY 1) n ON n.code = v.code
       ORDER BY v.code`,
      ...venueParams,
    ),
    db.$queryRawUnsafe<{ kind: string; venue: string | null; from: string; to: string }[]>(
      `SELECT kind::text, venue_code AS venue, to_char(starts_on, 'YYYY-MM-DD') AS from, to_char(ends_on, 'YYYY-MM-DD') AS to
       FROM calendar_events WHERE kind IN ('MATCH_DAYS', 'CEREMONY', 'COMPETITION')`,
    ),
  ]);
  const competition = events.filter((e) => e.kind === "COMPETITION");
  const inCompetition = (day: string) => competition.some((e) => day >= e.from && day <= e.to);
  const allDays = eachDay(days);
  const paid = new Map(rows.map((r) => [`${r.venue}|${r.day}`, Number(r.payments)]));
  const result: VenueEffect[] = venues.map((v) => {
    const isEvent = (day: string) => events.some((e) => e.venue === v.code && e.kind !== "COMPETITION" && day >= e.from && day <= e.to);
    const eventDays = allDays.filter(isEvent);
    const otherDays = allDays.filter((d) => !isEvent(d) && inCompetition(d));
    const avg = (list: string[]) => (list.length ? list.reduce((a, d) => a + (paid.get(`${v.code}|${d}`) ?? 0), 0) / list.length : null);
    const e = avg(eventDays);
    const o = avg(otherDays);
    const bits = rows.filter((r) => r.venue === v.code).reduce((acc, r) => acc | BigInt(r.bits), 0n);
    return suppress(filter, bits, {
      venue: v.code,
      nameEn: v.name_en,
      nameZh: v.name_zh,
      district: v.district,
      merchants: Number(v.merchants),
      eventDays: eventDays.length,
      otherDays: otherDays.length,
      eventDailyPayments: e,
      otherDailyPayments: o,
      uplift: e !== null && o !== null && o > 0 ? e / o - 1 : null,
    }, ["eventDailyPayments", "otherDailyPayments", "uplift"]);
  });
  return { days, radiusM, venues: filter.venues.length ? result.filter((v) => filter.venues.includes(v.venue)) : result };
}
