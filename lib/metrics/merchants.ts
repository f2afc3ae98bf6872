import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { onCitus } from "../db/citus";
import { ALL } from "../store/families";
import { referenceData } from "../reference/data";
import { daySegments, wholeDays, type DayRange } from "./days";
import type { MetricFilter, ScopedFilter } from "./filter";
import { venueConditions } from "./raw-rows";

// Top merchants from merchant_days (per merchant, local day, channel, wallet, plus a '*' totals row
// per merchant-day) and merchant_periods (the same per ISO week and calendar month): whole local
// days, so a range is read as the days it touches.

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

interface MerchantSums {
  district: string;
  merchant_id: string;
  payments: bigint;
  volume: string;
  attempts: bigint;
  failed: bigint;
}

/** A sum of numeric(20,2) as whole cents, for an exact comparison. */
function cents(volume: string): bigint {
  const [whole = "0", fraction = ""] = volume.split(".");
  return BigInt(whole + fraction.padEnd(2, "0"));
}

type Ranked = MerchantSums & { cents: bigint };

/** Volume descending, then payments, then the id in byte order (COLLATE "C"): the order of topMerchantsRound. */
function byRank(a: Ranked, b: Ranked): number {
  if (a.cents !== b.cents) return a.cents < b.cents ? 1 : -1;
  if (a.payments !== b.payments) return a.payments < b.payments ? 1 : -1;
  return Buffer.compare(Buffer.from(a.merchant_id), Buffer.from(b.merchant_id));
}

/**
 * The best `n` of each district, in order: one pass keeping each district's best so far (n is at
 * most 50). Sorting every sum cost more than the query that read them (7,656 for one day at 1M).
 */
function bestPerDistrict(sums: MerchantSums[], n: number): Map<string, Ranked[]> {
  const best = new Map<string, Ranked[]>();
  for (const s of sums) {
    const row = { ...s, cents: cents(s.volume) };
    const list = best.get(s.district) ?? [];
    if (!best.has(s.district)) best.set(s.district, list);
    if (list.length === n && byRank(row, list[n - 1]!) >= 0) continue;
    let at = list.length;
    while (at > 0 && byRank(row, list[at - 1]!) < 0) at--;
    list.splice(at, 0, row);
    if (list.length > n) list.pop();
  }
  return best;
}

/**
 * The same ranking for a Citus cluster, where the threshold algorithm's lateral reads of each list
 * cannot run distributed: every merchant's totals over the range's whole months and weeks
 * (merchant_periods) and its other days (merchant_days), summed on the workers (both are
 * distributed by merchant), ranked here. Ranking in SQL made Citus write every sum to an
 * intermediate result before the window function ran: more than the sums themselves cost.
 * Exact, with no bound.
 */
async function topMerchantsAtOnce(db: Db, filter: MetricFilter, days: DayRange, districts: string[], perDistrict: number): Promise<RankedRow[]> {
  const { channels, wallets } = channelWalletPairs(filter);
  const segments = daySegments(days);
  const periods = segments.filter((s) => s.grain !== "day");
  const params: unknown[] = [districts, channels, wallets, channels.map((c, i) => `${c} ${wallets[i]}`),
    segments.filter((s) => s.grain === "day").map((s) => s.start), periods.map((s) => s.grain), periods.map((s) => s.start)];
  const merchantFilter = merchantDayConditions(filter, params);
  // the channel and wallet lists for the lists index; the pairs themselves keep the rows exact whatever
  // pairs the two lists would cross
  const rows = (table: string, segment: string) =>
    `SELECT md.district_code, md.merchant_id, md.payments, md.amount_cny, md.attempts, md.failed FROM ${table} md
     WHERE ${segment} AND md.district_code = ANY($1::text[]) AND md.channel_code = ANY($2::text[]) AND md.wallet_code = ANY($3::text[])
       AND md.channel_code || ' ' || md.wallet_code = ANY($4::text[]) ${merchantFilter}`;
  const sums = await db.$queryRawUnsafe<MerchantSums[]>(
    // grouped under the C collation, as in topMerchantsRound (a sort under the locale cost more than the reads)
    `SELECT u.district_code COLLATE "C" AS district, u.merchant_id, sum(u.payments)::bigint AS payments, sum(u.amount_cny)::text AS volume,
       sum(u.attempts)::bigint AS attempts, sum(u.failed)::bigint AS failed
     FROM (${rows("merchant_days", "md.day = ANY($5::date[])")}
       UNION ALL ${rows("merchant_periods", "(md.grain, md.start) IN (SELECT * FROM unnest($6::text[], $7::date[]))")}) u
     GROUP BY u.merchant_id, u.district_code COLLATE "C"`,
    ...params,
  );
  const best = bestPerDistrict(sums, perDistrict);
  const placed = districts.flatMap((d) => best.get(d) ?? []);
  const names = new Map(
    (await db.$queryRawUnsafe<{ id: string; name: string; category: string }[]>(
      `SELECT id, name, category::text AS category FROM merchants WHERE id = ANY($1::text[])`, placed.map((p) => p.merchant_id),
    )).map((m) => [m.id, m]),
  );
  return placed.map(({ cents: _, ...p }) => ({ ...p, ...names.get(p.merchant_id)!, bound: null }));
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
