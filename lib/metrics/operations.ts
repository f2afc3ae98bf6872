import "server-only";
import type { Db } from "../db/client";
import { ALL } from "../store/families";
import { bucketSql } from "../store/rollup-keys";
import { filtersMerchants, type ScopedFilter } from "./filter";
import { LATENCY_BOUNDS_MS, histogramQuantile } from "../store/histograms";
import { FAILED_SQL, PAYMENTS_SQL, failureRate } from "./measures";
import { histogramSumsSql, queryRollups, rollupParts, rollupSource, seriesStep } from "./rollup-query";
import { countedSql, failedSql, statusInSql } from "../statuses";

export interface LatencyStats {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface Operations {
  range: { from: string; to: string };
  stepSeconds: number;
  /** per bucket and wallet ('' = cards); failureRate = failed / (succeeded + failed) */
  series: { bucket: string; wallet: string; attempts: number; succeeded: number; failed: number; failureRate: number | null }[];
  byFailureCategory: { category: string; failed: number }[];
  topCodes: { code: string; category: string | null; failed: number }[];
  latency: LatencyStats & { byWallet: Record<string, LatencyStats> };
  backlog: { pending: number; unknown: number };
}


function latencyStats(hist: number[] | undefined, count: number, sum: number): LatencyStats {
  const q = (p: number) => (hist ? histogramQuantile(LATENCY_BOUNDS_MS, hist, p) : null);
  return { count, meanMs: count ? sum / count : null, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) };
}

type SeriesRow = { bucket: Date; wallet: string; attempts: bigint; ok: bigint; failed: bigint };
type CodeRow = { code: string; category: string | null; failed: bigint };

/**
 * Under a district filter the cubes' rows multiply with home countries (and, in the full cubes, categories
 * and venue zones); district_hours does not hold those, so merchant filters still read the cubes.
 */
const byDistrictTables = (filter: ScopedFilter) => filter.districts.length > 0 && !filtersMerchants(filter);

/** Attempts, successes and failures per hourly bucket and wallet: whole hours from district_hours, five-minute edges from rollup_5m. */
function districtSeries(db: Db, filter: ScopedFilter): Promise<SeriesRow[]> {
  const { parts, params } = rollupParts(filter, ["wallet_code", "status"], { coarsest: 3600 }, ({ part, table, where }) =>
    part.grain === 3600
      ? `SELECT bucket, wallet_code, attempts, payments AS ok, failed FROM district_hours WHERE ${[...where, `channel_code <> '${ALL}'`].join(" AND ")}`
      : `SELECT bucket, wallet_code, payments AS attempts, CASE WHEN ${countedSql("status")} THEN payments ELSE 0 END AS ok,
          CASE WHEN ${failedSql("status")} THEN payments ELSE 0 END AS failed FROM ${table} WHERE ${where.join(" AND ")}`,
  );
  if (!parts.length) return Promise.resolve([]);
  return db.$queryRawUnsafe<SeriesRow[]>(
    `SELECT ${bucketSql("bucket", 3600)} AS bucket, wallet_code AS wallet, sum(attempts)::bigint AS attempts, sum(ok)::bigint AS ok,
       sum(failed)::bigint AS failed FROM (${parts.join("\nUNION ALL\n")}) r GROUP BY 1, 2 ORDER BY 1, 2`,
    ...params,
  );
}

const codesSql = (from: string) =>
  `SELECT r.result_code AS code, rc.category::text AS category, sum(r.payments)::bigint AS failed
   FROM ${from} LEFT JOIN result_codes rc ON rc.code = r.result_code WHERE ${failedSql("r.status")} GROUP BY 1, 2 ORDER BY 3 DESC, 1`;

/** Success and failure per wallet over time, failure reasons, latency percentiles and the pending backlog. */
export async function getOperations(db: Db, filter: ScopedFilter): Promise<Operations> {
  const step = seriesStep(filter);
  const timed = rollupSource(filter, ["wallet_code", "status"], { coarsest: step });
  // latency and backlog need no result code: a narrower table (one day in three districts at 10M: 130 rows instead of 8,800)
  const byWallet = rollupSource(filter, ["wallet_code", "status"]);
  const bins = LATENCY_BOUNDS_MS.length + 1;
  const [series, codes, latencyRows] = await Promise.all([
    byDistrictTables(filter) && step === 3600
      ? districtSeries(db, filter)
      : queryRollups<SeriesRow>(
          db,
          timed,
          (from) => `SELECT ${bucketSql("bucket", step)} AS bucket, wallet_code AS wallet, sum(payments)::bigint AS attempts,
            ${PAYMENTS_SQL} AS ok, ${FAILED_SQL} AS failed
            FROM ${from} GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
    // under a district filter the district cubes, which hold the result code
    queryRollups<CodeRow>(db, rollupSource(filter, ["wallet_code", "status", "result_code"]), codesSql),
    // latency and backlog per wallet in one pass; the overall figures are their sums (a second
    // grouping set would sum every histogram bin of every row again)
    queryRollups<{ wallet: string; n: bigint; total: bigint; h: bigint[]; pending: bigint; unknown: bigint }>(db, byWallet, (from) =>
      `SELECT wallet_code AS wallet, sum(latency_count)::bigint AS n, coalesce(sum(latency_sum_ms), 0)::bigint AS total,
        ${histogramSumsSql("latency_hist", bins)} AS h, coalesce(sum(payments) FILTER (WHERE ${statusInSql("status", ["PENDING"])}), 0)::bigint AS pending,
        coalesce(sum(payments) FILTER (WHERE ${statusInSql("status", ["UNKNOWN"])}), 0)::bigint AS unknown
       FROM ${from} GROUP BY 1`,
    ),
  ]);
  const categories = new Map<string, number>();
  for (const c of codes) categories.set(c.category ?? "UNCLASSIFIED", (categories.get(c.category ?? "UNCLASSIFIED") ?? 0) + Number(c.failed));
  const sum = (f: (r: (typeof latencyRows)[number]) => number) => latencyRows.reduce((a, r) => a + f(r), 0);
  const overallHist = latencyRows.length ? Array.from({ length: bins }, (_, i) => sum((r) => Number(r.h[i]))) : undefined;
  return {
    range: { from: timed.plan.from.toISOString(), to: timed.plan.to.toISOString() },
    stepSeconds: step,
    series: series.map((r) => ({
      bucket: r.bucket.toISOString(),
      wallet: r.wallet,
      attempts: Number(r.attempts),
      succeeded: Number(r.ok),
      failed: Number(r.failed),
      failureRate: failureRate(Number(r.failed), Number(r.ok)),
    })),
    byFailureCategory: [...categories].map(([category, failed]) => ({ category, failed })).sort((a, b) => b.failed - a.failed),
    topCodes: codes.map((c) => ({ code: c.code, category: c.category, failed: Number(c.failed) })),
    latency: {
      ...latencyStats(overallHist, sum((r) => Number(r.n)), sum((r) => Number(r.total))),
      byWallet: Object.fromEntries(latencyRows.map((r) => [r.wallet, latencyStats(r.h.map(Number), Number(r.n), Number(r.total))])),
    },
    backlog: { pending: sum((r) => Number(r.pending)), unknown: sum((r) => Number(r.unknown)) },
  };
}
