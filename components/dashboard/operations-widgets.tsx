"use client";

import { BarListChart } from "../charts/bar-list-chart";
import { calendarMarks } from "../charts/calendar-marks";
import { dayMarks, timeMarks, type TimeMark } from "../charts/time-marks";
import { IncidentList } from "../alerts/incident-list";
import { useAnnotations, useIncidents } from "../hooks/use-alerts";
import { seriesColor } from "../charts/palette";
import { SeriesChart } from "../charts/series-chart";
import { useMetric, type MetricData } from "../hooks/use-metric";
import { useLocale } from "../providers";
import { FAILURES_OPTIONS } from "@/lib/dashboard/metric-options";
import { PaymentsTable } from "./payments-table";
import { Tile } from "./tile";
import { BEHIND_WARN_SECONDS, Widget, WidgetSlot } from "./widget";
import { localDay } from "@/lib/local-time";
import { walletIndex, walletName } from "@/lib/dashboard/labels";
import { pivot } from "@/lib/dashboard/pivot";
import { OTHERS, regroup, worstWallets } from "@/lib/dashboard/worst-series";
import { formatBucket, formatClock, formatDay, formatInt, formatMs, formatPercent } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";

type Ops = MetricData["operations"];

/** Wallets drawn one by one in the failure-rate chart; the rest are one "other wallets" line. */
const WORST_WALLETS = 5;

function fillBuckets<R extends { x: string }>(rows: R[], range: { from: string; to: string }, stepSeconds: number): R[] {
  const have = new Map(rows.map((r) => [new Date(r.x).getTime(), r]));
  const out: R[] = [];
  for (let t = Date.parse(range.from); t < Date.parse(range.to) && out.length < 2000; t += stepSeconds * 1000) {
    out.push(have.get(t) ?? ({ x: new Date(t).toISOString() } as R));
  }
  return out;
}
const noAttempts = (o: Ops) => o.series.length === 0 && o.backlog.pending + o.backlog.unknown === 0;
const ms = (n: number | null, locale: string) => (n === null ? "–" : formatMs(n, locale));

/** The live operations page: every widget refreshes while the range reaches now. */
export function OperationsWidgets() {
  const q = useMetric("operations");
  const { locale, t } = useLocale();
  const x = t.dash.ops;
  const incidents = useIncidents("all");
  const annotations = useAnnotations(q.data ? q.data.data.range : null);
  // an open incident's band reaches the server's "now" of the last answer
  const marks: TimeMark[] = [
    ...(incidents.data?.incidents ?? []).map((i) => ({ at: i.openedAt, endAt: i.resolvedAt ?? incidents.data!.asOf, label: i.title, tone: "incident" as const })),
    ...(annotations.data?.annotations ?? []).map((a) => ({ at: a.at, endAt: a.endAt, label: a.text, tone: "note" as const })),
  ];
  const categoryName = (c: string) => t.dash.failureCategories[c as keyof typeof t.dash.failureCategories] ?? c;
  return (
    <>
      <section className="panel wide-note" aria-label={x.openIncidents} data-testid="open-incidents">
        <h2>{x.openIncidents}</h2>
        <IncidentList status="open" />
        <a href="/alerts">{x.allIncidents} →</a>
      </section>
      <p className="muted wide-note" data-testid="refresh-note">{q.live ? x.liveNote : x.pastNote}</p>
      {q.data ? (
        <p className={`muted wide-note${(q.data.behindSeconds ?? 0) > BEHIND_WARN_SECONDS ? " behind" : ""}`} data-testid="folder-state">
          {fill(x.folder, { at: formatClock(q.data.asOf, locale), n: formatInt(q.data.backlog ?? 0, locale), s: Math.round(q.data.behindSeconds ?? 0) })}
        </p>
      ) : null}
      <Widget title={x.successRate} testId="ops-tiles" query={q} wide>
        {(o) => {
          const succeeded = o.series.reduce((s, r) => s + r.succeeded, 0);
          const failed = o.series.reduce((s, r) => s + r.failed, 0);
          return (
            <div className="tiles">
              <Tile label={x.successRate} testId="success-rate" value={formatPercent(succeeded + failed ? succeeded / (succeeded + failed) : null)}
                hint={`${formatInt(succeeded + failed, locale)} ${x.attempts.toLowerCase()}`} />
              <Tile label={x.failed} testId="failed" value={formatInt(failed, locale)} />
              <Tile label={`${x.latency} p50 / p95`} testId="latency" value={`${ms(o.latency.p50Ms, locale)} / ${ms(o.latency.p95Ms, locale)}`}
                hint={`p99 ${ms(o.latency.p99Ms, locale)}`} />
              <Tile label={x.pending} testId="pending" value={formatInt(o.backlog.pending, locale)} />
              <Tile label={x.unknown} testId="unknown" value={formatInt(o.backlog.unknown, locale)} />
            </div>
          );
        }}
      </Widget>
      <WidgetSlot>
        <Widget title={x.failureRate} testId="failure-rate" exportAs={{ metric: "operations", view: "series" }} query={q} wide isEmpty={noAttempts}>
          {(o) => {
            const daily = o.stepSeconds === 86400;
            const key = (b: string) => (daily ? localDay(new Date(b)) : b);
            const { shown, groupOf } = worstWallets(o.series, WORST_WALLETS);
            const p = pivot(regroup(o.series, groupOf), (r) => key(r.bucket), (r) => r.wallet, (r) => r.failureRate, null);
            // sub-day steps: every bucket of the range on the axis, so an hour with one payment still reads as an hour
            if (!daily) p.rows = fillBuckets(p.rows, o.range, o.stepSeconds);
            const series = [...shown, ...(p.series.includes(OTHERS) ? [OTHERS] : [])].map((w) =>
              w === OTHERS ? { key: w, label: x.otherWallets, color: "var(--muted)" }
              : { key: w, label: walletName(w, locale, t.dash.cards), color: seriesColor(walletIndex(w)) });
            const keys = p.rows.map((r) => r.x);
            return <SeriesChart kind="line" rows={p.rows} series={series} marks={daily ? [...calendarMarks(keys, locale), ...dayMarks(keys, marks)] : timeMarks(keys, marks, o.stepSeconds)}
              formatX={(b) => (daily ? formatDay(b, locale) : formatBucket(b, locale))} formatY={(y) => formatPercent(y, 1)} />;
          }}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={x.failureCategories} testId="failure-categories" exportAs={{ metric: "operations", view: "codes" }} query={q} isEmpty={(o) => o.byFailureCategory.length === 0}>
          {(o) => <BarListChart format={(v) => formatInt(v, locale)} rows={o.byFailureCategory.map((c, i) => ({ key: c.category, label: categoryName(c.category), value: c.failed, color: seriesColor(i + 5) }))} />}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={x.topCodes} testId="top-codes" exportAs={{ metric: "operations", view: "codes" }} query={q} isEmpty={(o) => o.topCodes.length === 0}>
          {(o) => (
            <div className="table-scroll">
              <table>
                <thead><tr><th>{x.code}</th><th>{x.category}</th><th className="num">{x.failed}</th></tr></thead>
                <tbody>
                  {o.topCodes.slice(0, 10).map((c) => (
                    <tr key={c.code} data-testid={`code-row-${c.code}`}>
                      <td>{c.code}</td><td>{categoryName(c.category ?? "UNCLASSIFIED")}</td><td className="num">{formatInt(c.failed, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={x.latency} testId="latency-by-wallet" exportAs={{ metric: "operations", view: "latency" }} query={q} wide isEmpty={(o) => o.latency.count === 0}>
          {(o) => (
            <div className="table-scroll">
              <table>
                <thead><tr><th>{t.dash.overview.wallet}</th><th className="num">{x.attempts}</th><th className="num">p50</th><th className="num">p95</th><th className="num">p99</th></tr></thead>
                <tbody>
                  {Object.entries(o.latency.byWallet).sort(([a], [b]) => walletIndex(a) - walletIndex(b)).map(([w, l]) => (
                    <tr key={w} data-testid={`latency-row-${w || "CARD"}`}>
                      <td>{walletName(w, locale, t.dash.cards)}</td><td className="num">{formatInt(l.count, locale)}</td>
                      <td className="num">{ms(l.p50Ms, locale)}</td><td className="num">{ms(l.p95Ms, locale)}</td><td className="num">{ms(l.p99Ms, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Widget>
      </WidgetSlot>
    </>
  );
}

export function LatestFailures() {
  const failures = useMetric("failures", { options: FAILURES_OPTIONS });
  const { t } = useLocale();
  return (
    <Widget title={t.dash.ops.latestFailures} testId="latest-failures" exportAs={{ metric: "failures", view: "failures", options: FAILURES_OPTIONS }} query={failures} wide isEmpty={(f) => f.failures.length === 0}>
      {(f) => <PaymentsTable rows={f.failures} show="failure" />}
    </Widget>
  );
}
