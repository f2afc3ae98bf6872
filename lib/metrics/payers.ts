import "server-only";
import type { Db } from "../db/client";
import { ANY, ANY_WALLET } from "../store/activity";
import { eachDay, wholeDays } from "./days";
import { HLL_M, hllEstimate, hllMerge, hllMergeSparse } from "../store/hll";
import { bitmapOf, orInto, popcount } from "../store/merchant-bitmaps";
import { filtersMerchants, type ScopedFilter } from "./filter";
import { venueConditions } from "./raw-rows";
import { readSketches } from "./sketch-cache";

export interface PayerFigures {
  /** whole local days the payer figures cover */
  days: { from: string; to: string };
  /** distinct payers, estimated from HyperLogLog sketches (see standardError) */
  payers: number;
  /** payers whose first payment ever falls in these days (and districts): exact */
  firstTimePayers: number;
  /** payers minus first-time payers, at least 0 */
  repeatPayers: number;
  /** relative standard error of `payers` (0.81%: 2% is 2.5 standard errors) */
  standardError: number;
}

export interface MerchantCoverage {
  covered: number;
  merchants: number;
  ratio: number | null;
  /** cumulative coverage at the end of each local day in the range */
  daily: { day: string; covered: number; merchants: number; ratio: number | null }[];
}

const STANDARD_ERROR = 1.04 / Math.sqrt(HLL_M);

/** The filter's whole days, wallets, channels and districts on a per-day payer table (payer_sketches, payer_first_days). */
function payerDayConditions(filter: ScopedFilter) {
  const days = wholeDays(filter);
  const params: unknown[] = [days.from, days.to];
  const where = ["day >= $1::date", "day <= $2::date"];
  if (filter.wallets.length) where.push(`wallet_code = ANY($${params.push(filter.wallets)}::text[])`);
  if (filter.channels.length) where.push(`channel_code = ANY($${params.push(filter.channels)}::text[])`);
  if (filter.districts.length) where.push(`district_code = ANY($${params.push(filter.districts)}::text[])`);
  return { days, where, params };
}

/**
 * Distinct payers per group over whole days from the sketches. A payer belongs
 * to one wallet, so per-wallet estimates add up exactly; days and districts
 * overlap, so their sketches are merged register by register.
 */
export async function estimatePayers(db: Db, filter: ScopedFilter, per: "total" | "district"): Promise<Map<string, number>> {
  const { where, params } = payerDayConditions(filter);
  const walletScoped = filter.wallets.length > 0 || filter.channels.length > 0;
  const byDistrict = per === "district" || filter.districts.length > 0;
  if (!byDistrict) where.push(`district_code = '${ANY}'`, `channel_code <> '${ANY}'`);
  else if (walletScoped) where.push(`district_code <> '${ANY}'`, `channel_code <> '${ANY}'`);
  else where.push(`district_code <> '${ANY}'`, `channel_code = '${ANY}'`);
  const cells = await readSketches(db, where.join(" AND "), params);
  // merged per (group, wallet); estimated per wallet; summed per group
  const merged = new Map<string, Map<string, Uint8Array>>();
  for (const c of cells) {
    const group = per === "district" ? c.district : "";
    const wallet = `${c.channel}|${c.wallet}`;
    let wallets = merged.get(group);
    if (!wallets) merged.set(group, (wallets = new Map()));
    const acc = wallets.get(wallet);
    if (acc) {
      if (c.nonZero) hllMergeSparse(acc, c.registers, c.nonZero);
      else hllMerge(acc, c.registers);
    }
    else wallets.set(wallet, Uint8Array.from(c.registers));
  }
  const out = new Map<string, number>();
  for (const [group, wallets] of merged) {
    out.set(group, Math.round([...wallets.values()].reduce((a, regs) => a + hllEstimate(regs), 0)));
  }
  return out;
}

/**
 * Unique payers over whole days (estimated, 0.81% standard error) and
 * first-time payers (exact). Payers are tied to their wallet, so wallet,
 * channel and district filters apply; a merchant-category or venue filter does
 * not (null then).
 */
export async function getPayers(db: Db, filter: ScopedFilter): Promise<PayerFigures | null> {
  if (filtersMerchants(filter)) return null;
  const { days, where, params } = payerDayConditions(filter);
  const [estimates, [first]] = await Promise.all([
    estimatePayers(db, filter, "total"),
    db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT coalesce(sum(payers), 0)::bigint AS n FROM payer_first_days WHERE ${where.join(" AND ")}`, ...params),
  ]);
  const payers = estimates.get("") ?? 0;
  const firstTime = Number(first?.n ?? 0);
  return { days, payers, firstTimePayers: firstTime, repeatPayers: Math.max(0, payers - firstTime), standardError: STANDARD_ERROR };
}

/** Counts per date as YYYY-MM-DD, formatted after grouping: to_char on every row cost more than the count (50 ms for 60k merchants). */
const byDay = (sql: string) => `SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.n FROM (${sql}) x ORDER BY x.day`;

type DayCount = { day: string; n: bigint };

/**
 * Merchants newly covered per day under several wallets (or a venue filter):
 * each merchant counts once, on its earliest first among those wallets, so the
 * wallets' bitmaps are ORed day by day; a filter on merchants masks the bits.
 */
async function firstsFromBitmaps(db: Db, wallets: string[], upTo: string, merchantWhere: string[], params: unknown[]): Promise<DayCount[]> {
  const [rows, members] = await Promise.all([
    db.$queryRawUnsafe<{ day: string; bits: Uint8Array }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, bits FROM merchant_first_bitmaps
       WHERE channel_code = 'WALLET' AND wallet_code = ANY($1::text[]) AND day <= $2::date ORDER BY day`,
      wallets.length ? wallets : [ANY_WALLET],
      upTo,
    ),
    // one array rather than a row per merchant (16,550 merchants in three districts at 1M: 37 -> 33 ms)
    merchantWhere.length
      ? db.$queryRawUnsafe<{ ordinals: number[] | null }[]>(`SELECT array_agg(m.ordinal) AS ordinals FROM merchants m WHERE ${merchantWhere.join(" AND ")}`, ...params)
      : null,
  ]);
  const mask = members ? bitmapOf(members[0]?.ordinals ?? []) : undefined;
  const out: DayCount[] = [];
  let covered: Uint8Array = new Uint8Array(0);
  let before = 0;
  rows.forEach((r, i) => {
    covered = orInto(covered, r.bits);
    if (rows[i + 1]?.day === r.day) return;
    const now = popcount(covered, mask);
    if (now > before) out.push({ day: r.day, n: BigInt(now - before) });
    before = now;
  });
  return out;
}

/** Merchants with at least one foreign-wallet payment so far, over merchants onboarded so far. */
export async function getMerchantCoverage(db: Db, filter: ScopedFilter): Promise<MerchantCoverage> {
  const days = wholeDays(filter);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, v: unknown) => (params.push(v), where.push(sql.replace("?", `$${params.length}`)));
  if (filter.districts.length) add("m.district_code = ANY(?::text[])", filter.districts);
  if (filter.categories.length) add("m.category::text = ANY(?::text[])", filter.categories);
  // (merchant_coverage_days has district_code and category columns of the same names, aliased m too)
  const countable = filter.radiusM === null;
  where.push(...venueConditions(filter, (v) => `$${params.push(v)}`));
  // no wallet filter or one wallet: the per-day counts answer by a sum (the '*' wallet rows without
  // a filter); several wallets, or a venue filter, which those counts do not hold, need the bitmaps
  const counts = filter.wallets.length <= 1 && countable;
  const [firsts, onboarded] = await Promise.all([
    counts
      ? db.$queryRawUnsafe<DayCount[]>(
          byDay(`SELECT m.day, sum(m.merchants)::bigint AS n FROM merchant_coverage_days m
            WHERE m.channel_code = 'WALLET' AND m.wallet_code = $${params.length + 1} AND m.day <= $${params.length + 2}::date
            ${where.map((w) => `AND ${w}`).join(" ")} GROUP BY 1`),
          ...params,
          filter.wallets[0] ?? ANY_WALLET,
          days.to,
        )
      : firstsFromBitmaps(db, filter.wallets, days.to, where, params),
    countable
      ? db.$queryRawUnsafe<DayCount[]>(
          // one row per day on the '*' rows: a few hundred rows however many merchants there are
          byDay(`SELECT day, sum(merchants)::bigint AS n FROM merchant_onboard_days
            WHERE district_code = ANY($1::text[]) AND category = ANY($2::text[]) AND day <= $3::date GROUP BY 1`),
          filter.districts.length ? filter.districts : [ANY],
          filter.categories.length ? filter.categories : [ANY],
          days.to,
        )
      : db.$queryRawUnsafe<DayCount[]>(
          byDay(`SELECT m.onboarded_on AS day, count(*) AS n FROM merchants m ${where.length ? `WHERE ${where.join(" AND ")}` : ""} GROUP BY 1`),
          ...params,
        ),
  ]);
  const cumulative = (rows: { day: string; n: bigint }[], upTo: string) =>
    rows.filter((r) => r.day <= upTo).reduce((a, r) => a + Number(r.n), 0);
  const daily: MerchantCoverage["daily"] = [];
  for (const day of eachDay(days)) {
    const covered = cumulative(firsts, day);
    const merchants = cumulative(onboarded, day);
    daily.push({ day, covered, merchants, ratio: merchants ? covered / merchants : null });
  }
  const last = daily[daily.length - 1];
  return { covered: last?.covered ?? 0, merchants: last?.merchants ?? 0, ratio: last?.ratio ?? null, daily };
}
