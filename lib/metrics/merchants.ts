import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { onCitus } from "../db/citus";
import { ALL } from "../store/families";
import { referenceData } from "../reference/data";
import { daySegments, eachDay, wholeDays, type DayRange } from "./days";
import type { MetricFilter, ScopedFilter } from "./filter";
import { venueConditions } from "./raw-rows";
import { dimensionConditions } from "./rollup-query";
import { suppress } from "./suppression";

// Merchant-level figures from merchant_days (per merchant, local day, channel,
// wallet, plus a '*' totals row per merchant-day), merchant_periods (the same
// per ISO week and calendar month) and venue_days (per day,
// venue ring, channel, wallet, district and category, plus '*' totals over
// district and category): whole local days, so a range is read as the days it touches.

/** The (channel, wallet) rows of merchant_days a filter reads: the totals row when it filters on neither. */
function channelWalletPairs(filter: MetricFilter): { channels: string[]; wallets: string[] } {
  if (!filter.wallets.length && !filter.channels.length) return { channels: [ALL], wallets: [ALL] };
  const all: [channel: (typeof filter.channels)[number], wallet: string][] = [
    ...referenceData().wallets.map((w): ["WALLET", string] => ["WALLET", w.code]),
    ["CARD", ""],
  ];
  const pairs = all.filter(([c, w]) => (!filter.channels.length || filter.channels.includes(c)) && (!filter.wallets.length || filter.wallets.includes(w)));
  return { channels: pairs.map(([c]) => c), wallets: pairs.map(([, w]) => w) };
}

/** Conditions on `merchants m`, numbering parameters after those already in params. */
function merchantConditions(filter: MetricFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.districts.length) where.push(`m.district_code = ANY($${params.push(filter.districts)}::text[])`);
  if (filter.categories.length) where.push(`m.category::text = ANY($${params.push(filter.categories)}::text[])`);
  where.push(...venueConditions(filter, (v) => `$${params.push(v)}`));
  return where;
}

/** The category and venue filters on `merchant_days md` (category is a column there; venues are a merchants lookup). */
function merchantDayConditions(filter: MetricFilter, params: unknown[]): string {
  const where: string[] = [];
  if (filter.categories.length) where.push(`md.category::text = ANY($${params.push(filter.categories)}::text[])`);
  const venue = venueConditions(filter, (v) => `$${params.push(v)}`);
  if (venue.length) where.push(`md.merchant_id IN (SELECT m.id FROM merchants m WHERE ${venue.join(" AND ")})`);
  return where.map((w) => `AND ${w}`).join(" ");
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

interface RankedRow {
  district: string;
  id: string;
  name: string;
  category: string;
  payments: bigint;
  volume: string;
  attempts: bigint;
  failed: bigint;
  /** volume bound of every merchant not among the candidates; null when each list was read to its end */
  bound: string | null;
}

/**
 * One round of the threshold algorithm (Fagin et al.): read the `depth` best
 * merchants of each list (district x channel/wallet x whole month, whole ISO
 * week or single day of the range: merchant_periods or merchant_days; the
 * segments partition the range, so a merchant's total is the sum of its
 * entries, as the algorithm needs), bound everyone
 * not found by the sum of each full list's last value, and total over the whole
 * range the merchants found that could still place. With depth null every list
 * is read whole.
 */
function topMerchantsRound(db: Db, filter: MetricFilter, days: DayRange, districts: string[], perDistrict: number, depth: number | null) {
  const { channels, wallets } = channelWalletPairs(filter);
  const segments = daySegments(days);
  const params: unknown[] = [days.from, days.to, districts, channels, wallets, perDistrict, segments.map((s) => s.grain), segments.map((s) => s.start)];
  const merchantFilter = merchantDayConditions(filter, params);
  const depthParam = depth === null ? "" : `$${params.push(depth)}`;
  const list = (table: string, grain: string) =>
    `(SELECT md.merchant_id, md.amount_cny FROM ${table} md
      WHERE ${grain} AND md.district_code = l.district AND md.channel_code = l.channel AND md.wallet_code = l.wallet ${merchantFilter}
      ORDER BY md.amount_cny DESC ${depth === null ? "" : `LIMIT ${depthParam}`})`;
  return db.$queryRawUnsafe<RankedRow[]>(
    // lists are joined by a number and merchants grouped under the C collation: text keys sorted
    // under the database's locale cost more than reading the lists (the merchant id goes back to the
    // default collation to use the primary key)
    `WITH lists AS (
       SELECT row_number() OVER () AS list, d.code AS district, g.grain, g.start, p.channel, p.wallet
       FROM unnest($3::text[]) d(code) CROSS JOIN unnest($7::text[], $8::date[]) g(grain, start)
         CROSS JOIN unnest($4::text[], $5::text[]) p(channel, wallet)),
     heads AS (
       SELECT l.list, l.district, x.merchant_id, x.amount_cny
       FROM lists l CROSS JOIN LATERAL (
         ${list("merchant_days", "l.grain = 'day' AND md.day = l.start")}
         UNION ALL
         ${list("merchant_periods", "l.grain <> 'day' AND md.grain = l.grain AND md.start = l.start")}) x),
     lasts AS (
       SELECT list, min(district) AS district, ${depth === null ? "false" : `count(*) = ${depthParam}`} AS is_full,
         ${depth === null ? "0" : `CASE WHEN count(*) = ${depthParam} THEN min(amount_cny) ELSE 0 END`} AS last
       FROM heads GROUP BY list),
     -- every merchant not read is worth at most the sum of the full lists' last values
     bounds AS (SELECT district, sum(last) AS bound, bool_or(is_full) AS open FROM lasts GROUP BY district),
     -- what each merchant seen is worth at least (its rows read) and at most (plus the last value of every list it was not seen in)
     seen AS (
       SELECT h.district, h.merchant_id COLLATE "C" AS merchant_id, sum(h.amount_cny) AS low,
         b.bound - sum(l.last) + sum(h.amount_cny) AS high
       FROM heads h JOIN lasts l USING (list) JOIN bounds b ON b.district = h.district
       GROUP BY h.district, h.merchant_id COLLATE "C", b.bound),
     -- a merchant whose best case stays below the N-th best worst case cannot place
     floors AS (SELECT district, min(low) AS low FROM (
       SELECT district, low, row_number() OVER (PARTITION BY district ORDER BY low DESC) AS r FROM seen) x WHERE r <= $6 GROUP BY district),
     -- each remaining candidate's own days through the primary key, whatever the planner guesses of them
     totals AS (
       SELECT c.district, c.merchant_id, s.* FROM seen c JOIN floors f USING (district)
       CROSS JOIN LATERAL (
         SELECT sum(md.payments)::bigint AS payments, sum(md.amount_cny) AS volume, sum(md.attempts)::bigint AS attempts,
           sum(md.failed)::bigint AS failed
         FROM merchant_days md JOIN unnest($4::text[], $5::text[]) p(channel, wallet) ON md.channel_code = p.channel AND md.wallet_code = p.wallet
         WHERE md.merchant_id = c.merchant_id COLLATE "default" AND md.day BETWEEN $1::date AND $2::date AND md.district_code = c.district ${merchantFilter}) s
       WHERE c.high >= f.low)
     SELECT x.district, m.id, m.name, m.category::text AS category, x.payments, x.volume::text AS volume, x.attempts, x.failed,
       CASE WHEN b.open THEN b.bound::text END AS bound
     FROM (SELECT t.*, row_number() OVER (PARTITION BY t.district ORDER BY t.volume DESC, t.payments DESC, t.merchant_id) AS rank
       FROM totals t) x
     -- names of the few placed merchants by primary key (LIMIT keeps the planner from turning it into a join,
     -- for which it hashed every merchant: 30 ms at 10M)
     CROSS JOIN LATERAL (SELECT m.id, m.name, m.category FROM merchants m WHERE m.id = x.merchant_id COLLATE "default" LIMIT 1) m
     LEFT JOIN bounds b ON b.district = x.district
     WHERE x.rank <= $6 ORDER BY x.district, x.rank`,
    ...params,
  );
}

/**
 * The same ranking in one pass for a Citus cluster, where the threshold algorithm's lateral reads of
 * each list cannot run distributed: every merchant's totals over the range are summed on the workers
 * (merchant_days is distributed by merchant) and ranked on the coordinator. Exact, with no bound.
 */
function topMerchantsAtOnce(db: Db, filter: MetricFilter, days: DayRange, districts: string[], perDistrict: number) {
  const { channels, wallets } = channelWalletPairs(filter);
  const params: unknown[] = [days.from, days.to, districts, channels, wallets, perDistrict];
  const merchantFilter = merchantDayConditions(filter, params);
  return db.$queryRawUnsafe<RankedRow[]>(
    `SELECT x.district, m.id, m.name, m.category::text AS category, x.payments, x.volume::text AS volume, x.attempts, x.failed, NULL::text AS bound
     FROM (
       SELECT t.*, row_number() OVER (PARTITION BY t.district ORDER BY t.volume DESC, t.payments DESC, t.merchant_id COLLATE "C") AS rank
       FROM (
         SELECT md.district_code AS district, md.merchant_id, sum(md.payments)::bigint AS payments, sum(md.amount_cny) AS volume,
           sum(md.attempts)::bigint AS attempts, sum(md.failed)::bigint AS failed
         FROM merchant_days md JOIN unnest($4::text[], $5::text[]) p(channel, wallet) ON md.channel_code = p.channel AND md.wallet_code = p.wallet
         WHERE md.day BETWEEN $1::date AND $2::date AND md.district_code = ANY($3::text[]) ${merchantFilter}
         GROUP BY md.district_code, md.merchant_id) t) x
     JOIN merchants m ON m.id = x.merchant_id
     WHERE x.rank <= $6 ORDER BY x.district, x.rank`,
    ...params,
  );
}

/** A district's answer is final when no merchant outside the candidates can reach its last place. */
function settled(rows: RankedRow[], perDistrict: number): boolean {
  const bound = rows[0]?.bound ?? null;
  if (bound === null) return true;
  // strictly above: a merchant at exactly the bound could still win on payments or id
  return rows.length === perDistrict && Number(rows[perDistrict - 1]!.volume) > Number(bound);
}

/**
 * The merchants with the most foreign-payment volume in each district, exact.
 * Volume is concentrated on few merchants, so the best few dozen merchant-days
 * of each district and day usually settle the ranking without reading the rest.
 */
export async function getTopMerchants(db: Db, filter: ScopedFilter, q: TopMerchantsQuery): Promise<TopMerchants> {
  const days = wholeDays(filter);
  let open = filter.districts.length ? [...filter.districts] : referenceData().districts.map((d) => d.code);
  const answer = new Map<string, RankedRow[]>();
  for (let depth: number | null = Math.max(16, 4 * q.perDistrict); open.length; depth = depth !== null && depth < 1024 ? depth * 4 : null) {
    const rows = (await onCitus(db))
      ? await topMerchantsAtOnce(db, filter, days, open, q.perDistrict)
      : await topMerchantsRound(db, filter, days, open, q.perDistrict, depth);
    const next: string[] = [];
    for (const d of open) {
      // a district without candidates had no merchant-day to read
      const list = rows.filter((r) => r.district === d);
      if (depth === null || !list.length || settled(list, q.perDistrict)) answer.set(d, list);
      else next.push(d);
    }
    if (depth === null) break;
    open = next;
  }
  return {
    days,
    byDistrict: [...answer.entries()]
      .filter(([, rows]) => rows.length)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([district, rows]) => ({
        district,
        merchants: rows.map((r) => ({
          merchantId: r.id,
          name: r.name,
          category: r.category,
          payments: Number(r.payments),
          volumeCny: r.volume,
          attempts: Number(r.attempts),
          failed: Number(r.failed),
        })),
      })),
  };
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
