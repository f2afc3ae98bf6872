"use client";

import { useState } from "react";
import { BandChart } from "../charts/band-chart";
import { calendarMarks } from "../charts/calendar-marks";
import { HistogramChart } from "../charts/histogram-chart";
import { seriesColor } from "../charts/palette";
import { useMetric, type MetricData } from "../hooks/use-metric";
import { useLocale } from "../providers";
import { OUTLIERS_OPTIONS } from "@/lib/dashboard/metric-options";
import { PaymentsTable } from "./payments-table";
import { Suppressed } from "./suppressed";
import { Widget, WidgetSlot } from "./widget";
import { walletIndex, walletName } from "@/lib/dashboard/labels";
import { fill } from "@/lib/i18n/dashboard-messages";
import { formatBps, formatCny, formatDay, formatInt, formatNumber } from "@/lib/format";

type Fx = MetricData["fx-spreads"];
const noSpreads = (f: Fx) => f.bySource.length === 0;
const bps = (n: number | null, locale: string) => (n === null ? "–" : formatBps(n, locale));

/** FX page: spread percentiles over time, their distribution and the wallet ranking. */
export function FxWidgets() {
  const q = useMetric("fx-spreads");
  const { locale, t } = useLocale();
  const x = t.dash.fx;
  const [picked, setPicked] = useState<string | null>(null);
  const name = (s: string) => walletName(s, locale, t.dash.cards);
  return (
    <>
      <Widget title={x.overTime} testId="fx-over-time" exportAs={{ metric: "fx-spreads", view: "daily" }} query={q} wide isEmpty={noSpreads} note={x.percentileNote}>
        {(f) => {
          const sources = f.bySource.filter((s) => !s.suppressed).sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).map((s) => s.source);
          const source = picked && sources.includes(picked) ? picked : sources[0];
          const rows = f.daily.filter((d) => d.source === source).map((d) => ({ x: d.day, p50: d.p50Bps, p90: d.p90Bps, p99: d.p99Bps }));
          return (
            <>
              <label className="inline-label">
                {x.source}{" "}
                <select value={source ?? ""} onChange={(e) => setPicked(e.target.value)} data-testid="fx-source">
                  {sources.map((s) => <option key={s} value={s}>{name(s)}</option>)}
                </select>
              </label>
              <BandChart rows={rows} color={seriesColor(walletIndex(source ?? ""))} labels={{ p50: x.p50, p90: x.p90, p99: x.p99 }}
                formatX={(d) => formatDay(d, locale)} formatY={(n) => `${formatNumber(n, locale, 0)}`} marks={calendarMarks(rows.map((r) => r.x), locale)} />
            </>
          );
        }}
      </Widget>
      <WidgetSlot>
        <Widget title={x.distribution} testId="fx-distribution" exportAs={{ metric: "fx-spreads", view: "distribution" }} query={q} isEmpty={(f) => f.distribution.every((b) => b.count === 0)}>
          {(f) => {
            const first = f.distribution.findIndex((b) => b.count > 0);
            const last = f.distribution.findLastIndex((b) => b.count > 0);
            const bins = f.distribution.slice(first, last + 1).map((b) => ({
              label: b.fromBps === null ? `< ${b.toBps}` : b.toBps === null ? `≥ ${b.fromBps}` : `${b.fromBps}`,
              count: b.count,
            }));
            return <HistogramChart bins={bins} format={(n) => formatInt(n, locale)} />;
          }}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={x.ranking} testId="fx-ranking" exportAs={{ metric: "fx-spreads", view: "ranking" }} query={q} wide isEmpty={noSpreads}>
          {(f) => (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr><th>{x.source}</th><th>{x.currency}</th><th className="num">{x.count}</th><th className="num">{x.mean}</th><th className="num">{x.p90}</th><th className="num">{x.cost}</th></tr>
                </thead>
                <tbody>
                  {[...f.bySource].sort((a, b) => (b.meanBps ?? -Infinity) - (a.meanBps ?? -Infinity)).map((s) => (
                    <tr key={s.source} data-testid={`fx-row-${s.source}`}>
                      <td>{name(s.source)}</td>
                      <td>{s.currency ?? "–"}</td>
                      {s.suppressed ? <td className="num" colSpan={4}><Suppressed below={s.suppressed} /></td> : (
                        <>
                          <td className="num">{formatInt(s.count ?? 0, locale)}</td>
                          <td className="num" data-testid="mean">{bps(s.meanBps, locale)}</td>
                          <td className="num">{bps(s.p90Bps, locale)}</td>
                          <td className="num" data-testid="cost">{formatCny(s.costCny ?? "0", locale)}</td>
                        </>
                      )}
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

/** Single payments: operations only. */
export function Outliers() {
  const q = useMetric("fx-outliers", { options: OUTLIERS_OPTIONS });
  const { t } = useLocale();
  return (
    <Widget title={fill(t.dash.fx.outliers, { n: q.data?.data.minBps ?? 250 })} testId="fx-outliers" exportAs={{ metric: "fx-outliers", view: "outliers", options: OUTLIERS_OPTIONS }} query={q} wide isEmpty={(o) => o.outliers.length === 0}>
      {(o) => <PaymentsTable rows={o.outliers} show="spread" />}
    </Widget>
  );
}
