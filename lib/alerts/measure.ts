import "server-only";
import { readFreshness } from "../store/freshness";
import type { Db } from "../db/client";
import type { AlertRule } from "../db/generated/client";
import { localHour } from "../local-time";
import type { MetricFilter } from "../metrics/filter";
import { histogramQuantile, LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "../store/histograms";
import { FAILED_SQL, PAYMENTS_SQL } from "../metrics/measures";
import { histogramsBy, queryRollups, rollupSource } from "../metrics/rollup-query";
import type { RuleKind } from "./rule-spec";
import { countedSql, waitingSql, failedSql } from "../statuses";

// What a rule measures at an instant, per subject (wallet, district, or "" for
// the whole rule), from the rollups (plus at most five minutes of raw rows at
// the window's old edge): the cost is the same at 10M payments as at 10k, so
// every rule can be evaluated every few seconds. Latency and spread
// percentiles come from bucket histograms, so their windows are whole buckets.

export interface Reading {
  value: number;
  /** payments behind the value (or the baseline's, for volume drops) */
  volume: number;
}

const FIVE_MIN = 300_000;

/**
 * The rule's window at `now` in whole five-minute buckets: from the bucket
 * holding `now - window` to the end of the current (partial) bucket.
 * `exactFrom` is where the window really starts: counts subtract the payments
 * of the oldest bucket before it (read from the raw rows, at most five
 * minutes of them), so a 2-minute window is 2 minutes, not 5 to 10.
 */
export function ruleWindow(windowMinutes: number, now: Date): { from: Date; to: Date; exactFrom: Date } {
  const to = Math.ceil((now.getTime() + 1) / FIVE_MIN) * FIVE_MIN;
  const exactFrom = now.getTime() - windowMinutes * 60_000;
  return { from: new Date(Math.floor(exactFrom / FIVE_MIN) * FIVE_MIN), to: new Date(to), exactFrom: new Date(exactFrom) };
}

/** Per subject, the raw payments of [from, exactFrom) by what the count-based rules need. */
async function edge(db: Db, rule: AlertRule, w: { from: Date; exactFrom: Date }) {
  if (w.exactFrom.getTime() === w.from.getTime()) return new Map<string, { ok: number; failed: number; categoryFailed: number; waiting: number; total: number }>();
  const col = subjectColumn(rule);
  const rows = await db.$queryRawUnsafe<{ s: string | null; ok: bigint; failed: bigint; cat: bigint; waiting: bigint; total: bigint }[]>(
    `SELECT ${col ? `t.${col}` : "''"}::text AS s,
       count(*) FILTER (WHERE ${countedSql("t.status")})::bigint AS ok,
       count(*) FILTER (WHERE ${failedSql("t.status")})::bigint AS failed,
       count(*) FILTER (WHERE ${failedSql("t.status")} AND rc.category::text = $5)::bigint AS cat,
       count(*) FILTER (WHERE ${waitingSql("t.status")})::bigint AS waiting,
       count(*)::bigint AS total
     FROM transactions t LEFT JOIN result_codes rc ON rc.code = t.result_code
     WHERE t.created_at >= $1 AND t.created_at < $2
       AND (cardinality($3::text[]) = 0 OR t.wallet_code = ANY($3::text[]))
       AND (cardinality($4::text[]) = 0 OR t.district_code = ANY($4::text[]))
     GROUP BY 1`,
    w.from, w.exactFrom, rule.walletCodes, rule.districtCodes, rule.failureCategory ?? "",
  );
  return new Map(rows.map((r) => [r.s ?? "", { ok: Number(r.ok), failed: Number(r.failed), categoryFailed: Number(r.cat), waiting: Number(r.waiting), total: Number(r.total) }]));
}

const subjectColumn = (rule: Pick<AlertRule, "groupBy">) => (rule.groupBy === "wallet" ? "wallet_code" : rule.groupBy === "district" ? "district_code" : null);

function filterOf(rule: AlertRule, range: { from: Date; to: Date }): MetricFilter {
  return { from: range.from, to: range.to, wallets: rule.walletCodes, channels: [], districts: rule.districtCodes, categories: [], venues: [], radiusM: null };
}

export async function measure(db: Db, rule: AlertRule, now: Date): Promise<Map<string, Reading>> {
  const col = subjectColumn(rule);
  const dims = col ? ([col] as const) : ([] as const);
  const g = col ? `r.${col}` : "''";
  const window = ruleWindow(rule.windowMinutes, now);
  const filter = filterOf(rule, window);
  const out = new Map<string, Reading>();
  const zero = { ok: 0, failed: 0, categoryFailed: 0, waiting: 0, total: 0 };
  switch (rule.kind as RuleKind) {
    case "failure_rate": {
      const source = rollupSource(filter, [...dims, "status", "result_code"]);
      const failed = rule.failureCategory
        ? `coalesce(sum(r.payments) FILTER (WHERE ${failedSql("r.status")} AND rc.category::text = '${rule.failureCategory.replace(/[^A-Z_]/g, "")}'), 0)::bigint`
        : FAILED_SQL;
      const rows = await queryRollups<{ s: string | null; ok: bigint; failed: bigint; all_failed: bigint }>(db, source, (from) =>
        `SELECT ${g}::text AS s, ${PAYMENTS_SQL} AS ok, ${failed} AS failed, ${FAILED_SQL} AS all_failed
         FROM ${from} LEFT JOIN result_codes rc ON rc.code = r.result_code GROUP BY 1`,
      );
      const before = await edge(db, rule, window);
      for (const r of rows) {
        const e = before.get(r.s ?? "") ?? zero;
        const decided = Number(r.ok) - e.ok + Number(r.all_failed) - e.failed;
        const failedNow = Number(r.failed) - (rule.failureCategory ? e.categoryFailed : e.failed);
        if (decided > 0) out.set(r.s ?? "", { value: (100 * failedNow) / decided, volume: decided });
      }
      return out;
    }
    case "latency_p95":
    case "fx_spread_p90": {
      const latency = rule.kind === "latency_p95";
      const bounds = latency ? LATENCY_BOUNDS_MS : SPREAD_BOUNDS_BPS;
      const hists = await histogramsBy(db, rollupSource(filter, [...dims]), col ? `r.${col}` : null, latency ? "latency_hist" : "spread_hist", bounds.length + 1);
      for (const [s, h] of hists) {
        const n = h.reduce((a, b) => a + b, 0);
        const q = histogramQuantile(bounds, h, latency ? 0.95 : 0.9);
        if (n > 0 && q !== null) out.set(s, { value: q, volume: n });
      }
      return out;
    }
    case "backlog": {
      const rows = await queryRollups<{ s: string | null; waiting: bigint; total: bigint }>(db, rollupSource(filter, [...dims, "status"]), (from) =>
        `SELECT ${g}::text AS s, coalesce(sum(r.payments) FILTER (WHERE ${waitingSql("r.status")}), 0)::bigint AS waiting,
           sum(r.payments)::bigint AS total FROM ${from} GROUP BY 1`,
      );
      const before = await edge(db, rule, window);
      for (const r of rows) {
        const e = before.get(r.s ?? "") ?? zero;
        out.set(r.s ?? "", { value: Number(r.waiting) - e.waiting, volume: Number(r.total) - e.total });
      }
      return out;
    }
    case "fold_lag": {
      // one reading, whatever the window: the lag now; the rule's minimum volume does not apply
      const f = await readFreshness(db);
      out.set("", { value: f.behindSeconds, volume: Math.max(f.backlog, rule.minVolume, 1) });
      return out;
    }
    case "volume_drop":
      return volumeAgainstBaseline(db, rule, { ...filter, from: window.exactFrom }, g, dims, now, await edge(db, rule, window));
  }
  throw new Error(`unknown rule kind ${rule.kind}`);
}

/**
 * Payments in the window as a percentage of what August had at the same local
 * hours: the August payments in those hours per minute, times the window's minutes.
 */
async function volumeAgainstBaseline(
  db: Db,
  rule: AlertRule,
  filter: MetricFilter,
  g: string,
  dims: readonly ("wallet_code" | "district_code")[],
  now: Date,
  before: Map<string, { ok: number }>,
) {
  const minutes = (Math.min(filter.to.getTime(), now.getTime()) - filter.from.getTime()) / 60_000;
  const hours = new Set<number>();
  for (let t = filter.from.getTime(); t < filter.to.getTime(); t += 3600_000) hours.add(localHour(new Date(t)));
  hours.add(localHour(new Date(filter.to.getTime() - 1)));
  const august = { ...filter, from: new Date("2023-08-01T00:00:00+08:00"), to: new Date("2023-09-01T00:00:00+08:00") };
  const [current, base] = await Promise.all([
    queryRollups<{ s: string | null; n: bigint }>(db, rollupSource(filterOf(rule, ruleWindow(rule.windowMinutes, now)), [...dims, "status"]), (from) => `SELECT ${g}::text AS s, ${PAYMENTS_SQL} AS n FROM ${from} GROUP BY 1`),
    queryRollups<{ s: string | null; n: bigint }>(db, rollupSource(august, [...dims, "status"], { finest: 3600, coarsest: 3600 }), (from) =>
      `SELECT ${g}::text AS s, ${PAYMENTS_SQL} AS n FROM ${from}
       WHERE extract(hour FROM r.bucket AT TIME ZONE 'Asia/Shanghai')::int = ANY(ARRAY[${[...hours].join(",")}]::int[]) GROUP BY 1`,
    ),
  ]);
  const now_ = new Map(current.map((r) => [r.s ?? "", Number(r.n) - (before.get(r.s ?? "")?.ok ?? 0)]));
  const out = new Map<string, Reading>();
  for (const b of base) {
    const expected = (Number(b.n) / (31 * 60 * hours.size)) * minutes;
    if (expected > 0) out.set(b.s ?? "", { value: (100 * (now_.get(b.s ?? "") ?? 0)) / expected, volume: Math.round(expected) });
  }
  return out;
}
