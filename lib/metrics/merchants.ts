import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { eachDay, wholeDays, type DayRange } from "./days";
import type { MetricFilter, ScopedFilter } from "./filter";
import { suppress } from "./suppression";

// Merchant-level figures from merchant_days (per merchant, local day, channel,
// wallet): whole local days, so a range is read as the days it touches.

/** Conditions on `merchants m`, numbering parameters after those already in params. */
function merchantConditions(filter: MetricFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.districts.length) where.push(`m.district_code = ANY($${params.push(filter.districts)}::text[])`);
  if (filter.categories.length) where.push(`m.category::text = ANY($${params.push(filter.categories)}::text[])`);
  return where;
}

/** Conditions on `merchant_days md JOIN merchants m`; $1/$2 are the first and last day. */
function merchantDayWhere(filter: MetricFilter, params: unknown[]): { days: string[]; merchants: string[] } {
  const days = ["md.day >= $1::date", "md.day <= $2::date"];
  if (filter.wallets.length) days.push(`md.wallet_code = ANY($${params.push(filter.wallets)}::text[])`);
  if (filter.channels.length) days.push(`md.channel_code = ANY($${params.push(filter.channels)}::text[])`);
  return { days, merchants: merchantConditions(filter, params) };
}

export const topMerchantsQuerySchema = z.strictObject({
  perDistrict: z.coerce.number().int().min(1).max(50).default(5),
});
export type TopMerchantsQuery = z.infer<typeof topMerchantsQuerySchema>;

export interface TopMerchants {
  days: DayRange;
  byDistrict: {
    district: string;
    merchants: { merchantId: string; name: string; category: string; payments: number; volumeCny: string; attempts: number; failed: number }[];
  }[];
}

/** The merchants with the most foreign-payment volume in each district. */
export async function getTopMerchants(db: Db, filter: ScopedFilter, q: TopMerchantsQuery): Promise<TopMerchants> {
  const days = wholeDays(filter);
  const params: unknown[] = [days.from, days.to];
  const where = merchantDayWhere(filter, params);
  const rows = await db.$queryRawUnsafe<
    { district: string; id: string; name: string; category: string; payments: bigint; volume: string; attempts: bigint; failed: bigint }[]
  >(
    `WITH agg AS (
       SELECT md.merchant_id, sum(md.payments)::bigint AS payments, sum(md.amount_cny) AS volume,
         sum(md.attempts)::bigint AS attempts, sum(md.failed)::bigint AS failed
       FROM merchant_days md WHERE ${where.days.join(" AND ")} GROUP BY md.merchant_id)
     SELECT district, id, name, category, payments, volume::text AS volume, attempts, failed FROM (
       SELECT m.district_code AS district, m.id, m.name, m.category::text AS category, a.payments, a.volume, a.attempts, a.failed,
         row_number() OVER (PARTITION BY m.district_code ORDER BY a.volume DESC, a.payments DESC, m.id) AS rank
       FROM agg a JOIN merchants m ON m.id = a.merchant_id
       ${where.merchants.length ? `WHERE ${where.merchants.join(" AND ")}` : ""}) x
     WHERE rank <= $${params.push(q.perDistrict)} ORDER BY district, rank`,
    ...params,
  );
  const byDistrict = new Map<string, TopMerchants["byDistrict"][number]>();
  for (const r of rows) {
    let d = byDistrict.get(r.district);
    if (!d) byDistrict.set(r.district, (d = { district: r.district, merchants: [] }));
    d.merchants.push({
      merchantId: r.id,
      name: r.name,
      category: r.category,
      payments: Number(r.payments),
      volumeCny: r.volume,
      attempts: Number(r.attempts),
      failed: Number(r.failed),
    });
  }
  return { days, byDistrict: [...byDistrict.values()] };
}

export const venueEffectsQuerySchema = z.strictObject({
  radiusM: z.coerce.number().int().min(100).max(10_000).default(1_000),
});
export type VenueEffectsQuery = z.infer<typeof venueEffectsQuerySchema>;

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

/**
 * Payments at merchants within radiusM of each venue on its event days (match
 * days, ceremonies) against the other competition days in the range.
 */
export async function getVenueEffects(db: Db, filter: ScopedFilter, q: VenueEffectsQuery): Promise<{ days: DayRange; radiusM: number; venues: VenueEffect[] }> {
  const days = wholeDays(filter);
  const params: unknown[] = [days.from, days.to];
  const where = merchantDayWhere(filter, params);
  const radius = `$${params.push(q.radiusM)}`;
  const venueParams: unknown[] = [q.radiusM];
  const venueMerchants = merchantConditions(filter, venueParams);
  const [rows, venues, events] = await Promise.all([
    db.$queryRawUnsafe<{ venue: string; day: string; payments: bigint; bits: string }[]>(
      `SELECT m.nearest_venue_code AS venue, to_char(md.day, 'YYYY-MM-DD') AS day, sum(md.payments)::bigint AS payments,
         bit_or(md.payer_bits)::text AS bits
       FROM merchant_days md JOIN merchants m ON m.id = md.merchant_id
       WHERE ${[...where.days, ...where.merchants, `m.venue_distance_m <= ${radius}`].join(" AND ")} GROUP BY 1, 2`,
      ...params,
    ),
    db.$queryRawUnsafe<{ code: string; name_en: string; name_zh: string; district: string; merchants: bigint }[]>(
      `SELECT v.code, v.name_en, v.name_zh, v.district_code AS district,
         (SELECT count(*) FROM merchants m WHERE ${["m.nearest_venue_code = v.code", "m.venue_distance_m <= $1", ...venueMerchants].join(" AND ")}) AS merchants
       FROM venues v ORDER BY v.code`,
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
  return { days, radiusM: q.radiusM, venues: result };
}
