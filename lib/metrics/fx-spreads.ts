import "server-only";
import type { Db } from "../db/client";
import type { ScopedFilter } from "./filter";
import { SPREAD_BOUNDS_BPS, histogramQuantile } from "./histograms";
import { histogramsBy, queryRollups, rollupSource } from "./rollup-query";
import { PAYER_BITS, suppress } from "./suppression";

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
const DAY = `to_char(bucket AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
const BINS = SPREAD_BOUNDS_BPS.length + 1;
// what payers paid over the mid rate on payments that went through
const COST = `round(coalesce(sum(r.spread_cost_cny) FILTER (WHERE r.status = 'SUCCESS'), 0), 2)::text`;

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
  const daySource = rollupSource(filter, ["wallet_code", "payer_country", "status"], { coarsest: 86400 });
  const [totals, hists, dailyTotals, dailyHists] = await Promise.all([
    queryRollups<{ source: string; currency: string | null; n: bigint; total: string; cost: string; bits: string }>(db, source, (from) =>
      `SELECT ${SOURCE} AS source, w.currency_code AS currency, sum(r.spread_count)::bigint AS n, sum(r.spread_sum_bps)::text AS total,
          ${COST} AS cost, ${PAYER_BITS} AS bits
        FROM ${from} LEFT JOIN wallets w ON w.code = r.wallet_code GROUP BY 1, 2 HAVING sum(r.spread_count) > 0 ORDER BY 1`,
    ),
    histogramsBy(db, source, SOURCE, "spread_hist", BINS),
    queryRollups<{ key: string; n: bigint; total: string; cost: string; bits: string }>(db, daySource, (from) =>
      `SELECT ${DAY} || '|' || ${SOURCE} AS key, sum(spread_count)::bigint AS n, sum(spread_sum_bps)::text AS total, ${COST} AS cost,
        ${PAYER_BITS} AS bits
        FROM ${from} GROUP BY 1 HAVING sum(spread_count) > 0 ORDER BY 1`,
    ),
    histogramsBy(db, daySource, `${DAY} || '|' || ${SOURCE}`, "spread_hist", BINS),
  ]);
  const bySource = totals.map((t) =>
    suppress(filter, t.bits, { source: t.source, currency: t.currency, costCny: t.cost, ...stats(hists.get(t.source), Number(t.n), Number(t.total)) }, HIDDEN),
  );
  const shown = new Set(bySource.filter((s) => !s.suppressed).map((s) => s.source));
  const bins = new Array<number>(BINS).fill(0);
  for (const [src, hist] of hists) if (shown.has(src)) hist.forEach((n, i) => (bins[i]! += n));
  return {
    range: { from: source.plan.from.toISOString(), to: source.plan.to.toISOString() },
    bySource,
    daily: dailyTotals.map((t) => {
      const [day = "", src = ""] = t.key.split("|");
      return suppress(filter, t.bits, { day, source: src, costCny: t.cost, ...stats(dailyHists.get(t.key), Number(t.n), Number(t.total)) }, HIDDEN);
    }),
    distribution: bins.map((count, i) => ({ fromBps: SPREAD_BOUNDS_BPS[i - 1] ?? null, toBps: SPREAD_BOUNDS_BPS[i] ?? null, count })),
  };
}
