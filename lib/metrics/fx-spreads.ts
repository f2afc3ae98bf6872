import "server-only";
import type { Db } from "../db/client";
import type { ScopedFilter } from "./filter";
import { SPREAD_BOUNDS_BPS, histogramQuantile } from "../store/histograms";
import { dayNumberDateSql, dayNumberSql } from "./days";
import { histogramSumsSql, queryRollups, rollupSource } from "./rollup-query";
import { COUNTED_STATUS_SQL } from "./measures";
import { suppress } from "./suppression";

export interface SpreadStats {
  count: number | null;
  meanBps: number | null;
  p50Bps: number | null;
  p90Bps: number | null;
  p99Bps: number | null;
}

export interface FxSpreads {
  range: { from: string; to: string };
  /** per wallet, or per card issuing country as CARD:US */
  /** figures are null (and `suppressed` set) where too few payers stand behind them for this viewer */
  bySource: (SpreadStats & { source: string; currency: string | null; costCny: string | null; suppressed?: string })[];
  daily: (SpreadStats & { day: string; source: string; costCny: string | null; suppressed?: string })[];
  /** payments per spread bin over the range (sources hidden for this viewer left out); null edge: open-ended */
  distribution: { fromBps: number | null; toBps: number | null; count: number }[];
}

const SOURCE = `CASE WHEN wallet_code = '' THEN 'CARD:' || payer_country ELSE wallet_code END`;
const DAY = dayNumberSql("r.bucket");
const BINS = SPREAD_BOUNDS_BPS.length + 1;
// spreads and their cost over payments (lib/metrics/measures.ts), not every attempt
const PAID = COUNTED_STATUS_SQL();

const HIDDEN = ["count", "meanBps", "p50Bps", "p90Bps", "p99Bps", "costCny"] as const;

function stats(hist: number[] | undefined, count: number, sum: number): SpreadStats {
  const q = (p: number) => (hist ? histogramQuantile(SPREAD_BOUNDS_BPS, hist, p) : null);
  return { count, meanBps: count ? sum / count : null, p50Bps: q(0.5), p90Bps: q(0.9), p99Bps: q(0.99) };
}

/**
 * Spread of the applied rate over the reference mid rate, in basis points;
 * percentiles come from the rollups' histograms (error: one bin, 5 bps in the usual range).
 * The CNY cost is exact (summed per payment in the rollups) and rounded to the fen.
 */
export async function getFxSpreads(db: Db, filter: ScopedFilter): Promise<FxSpreads> {
  const source = rollupSource(filter, ["wallet_code", "payer_country", "status"]);
  // the range's figures per source and per day and source in one pass over the rollups
  const rows = await queryRollups<{ day: string | null; source: string; currency: string | null; n: bigint; total: string; cost: string; bits: string; h: bigint[] }>(
    db,
    source,
    (from) =>
      // per source and currency, and per day and source: the rollup rows summed per day and source
      // first, then each of those twice through a constant VALUES list rather than GROUPING SETS, which
      // Citus refuses on distributed rollups (summing the bins of every rollup row twice took the
      // Games at 1M 58 ms); the cost, what payers paid over the mid rate, rounded once at the end
      `SELECT CASE WHEN g.daily THEN s.day END AS day, s.source, CASE WHEN NOT g.daily THEN s.currency END AS currency,
          coalesce(sum(s.n), 0)::bigint AS n, coalesce(sum(s.total), 0)::text AS total, round(coalesce(sum(s.cost), 0), 2)::text AS cost,
          coalesce(bit_or(s.bits), 0)::text AS bits, ${histogramSumsSql("spread_hist", BINS, undefined, "s")} AS h
        FROM (SELECT ${dayNumberDateSql("d.day_number")} AS day, d.* FROM (
          SELECT ${DAY} AS day_number, ${SOURCE} AS source, w.currency_code AS currency,
            sum(r.spread_count) FILTER (WHERE ${PAID}) AS n, sum(r.spread_sum_bps) FILTER (WHERE ${PAID}) AS total,
            sum(r.spread_cost_cny) FILTER (WHERE ${PAID}) AS cost, bit_or(r.payer_bits) FILTER (WHERE ${PAID}) AS bits,
            ${histogramSumsSql("spread_hist", BINS, PAID)} AS spread_hist
          FROM ${from} LEFT JOIN wallets w ON w.code = r.wallet_code GROUP BY 1, 2, 3) d) s
          CROSS JOIN (VALUES (false), (true)) AS g(daily)
        GROUP BY 1, 2, 3 HAVING coalesce(sum(s.n), 0) > 0 ORDER BY 1 NULLS FIRST, 2`,
  );
  const totals = rows.filter((r) => r.day === null);
  const bySource = totals.map((t) =>
    suppress(filter, t.bits, { source: t.source, currency: t.currency, costCny: t.cost, ...stats(t.h.map(Number), Number(t.n), Number(t.total)) }, HIDDEN),
  );
  const bins = new Array<number>(BINS).fill(0);
  // sources hidden for this viewer stay out of the distribution
  totals.forEach((t, i) => {
    if (!bySource[i]!.suppressed) t.h.forEach((n, j) => (bins[j]! += Number(n)));
  });
  return {
    range: { from: source.plan.from.toISOString(), to: source.plan.to.toISOString() },
    bySource,
    daily: rows
      .filter((t) => t.day !== null)
      .map((t) => suppress(filter, t.bits, { day: t.day!, source: t.source, costCny: t.cost, ...stats(t.h.map(Number), Number(t.n), Number(t.total)) }, HIDDEN)),
    distribution: bins.map((count, i) => ({ fromBps: SPREAD_BOUNDS_BPS[i - 1] ?? null, toBps: SPREAD_BOUNDS_BPS[i] ?? null, count })),
  };
}
