"use client";

import { calendarMarks } from "../charts/calendar-marks";
import { dayMarks } from "../charts/time-marks";
import { useChartNotes } from "../hooks/use-alerts";
import { BarListChart } from "../charts/bar-list-chart";
import { seriesColor } from "../charts/palette";
import { SeriesChart } from "../charts/series-chart";
import { useMetric } from "../hooks/use-metric";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useLocale } from "../providers";
import { BriefingLinks } from "./briefing-links";
import { Suppressed } from "./suppressed";
import { Tile } from "./tile";
import { Widget, WidgetSlot } from "./widget";
import { countryName, walletIndex, walletName } from "@/lib/dashboard/labels";
import { pivot } from "@/lib/dashboard/pivot";
import { fill } from "@/lib/i18n/dashboard-messages";
import { formatChange, formatCny, formatCompact, formatDay, formatInt, formatNumber, formatPercent } from "@/lib/format";
import type { MetricData } from "../hooks/use-metric";

type Adoption = MetricData["adoption"];
const noPayments = (a: Adoption) => (a.attempts ?? 0) === 0 && !a.suppressed;

/** The officials' home: headline figures and adoption charts, all from one adoption query. */
export function OverviewWidgets() {
  const q = useMetric("adoption");
  const { filter } = useDashboardFilter();
  const { locale, t } = useLocale();
  const notes = useChartNotes();
  const d = t.dash;
  const o = d.overview;
  const days = (a: Adoption) => [...new Set(a.daily.map((r) => r.day))].sort();
  const walletOnly = (a: Adoption) => a.daily.filter((r) => r.key !== "");
  const walletDays = (a: Adoption) => a.dailyByChannel.filter((r) => r.key === "WALLET");
  return (
    <>
      <BriefingLinks />
      <Widget title={o.headline} testId="tiles" exportAs={{ metric: "adoption", view: "totals" }} query={q} wide>
        {(a) => {
          const wallet = a.byChannel.find((c) => c.key === "WALLET");
          const daily = walletDays(a).map((r) => r.payments ?? 0);
          const dailyVolume = walletDays(a).map((r) => Number(r.volumeCny ?? 0));
          const hidden = (s?: string) => (s ? <Suppressed below={s} /> : null);
          return (
            <div className="tiles">
              <Tile label={o.payments} testId="wallet-payments" trend={daily}
                value={hidden(wallet?.suppressed) ?? formatInt(wallet?.payments ?? 0, locale)} />
              <Tile label={o.volume} testId="wallet-volume" trend={dailyVolume}
                value={hidden(wallet?.suppressed) ?? formatCny(wallet?.volumeCny ?? "0", locale)} />
              <Tile label={o.payers} testId="payers" hint={o.payersHint}
                value={a.payers ? formatInt(a.payers.payers, locale) : hidden(a.suppressed) ?? "–"} />
              <Tile label={o.coverage} testId="merchant-coverage" trend={a.merchantCoverage.daily.map((x) => x.ratio ?? 0)}
                value={formatPercent(a.merchantCoverage.ratio, 1)}
                hint={fill(o.coverageHint, { covered: formatInt(a.merchantCoverage.covered, locale), all: formatInt(a.merchantCoverage.merchants, locale) })} />
              <Tile label={o.vsBaseline} testId="baseline-change" value={formatChange(a.baseline.ratio)}
                hint={a.baseline.rangeDailyPayments !== null && a.baseline.dailyPayments !== null
                  ? fill(o.vsBaselineHint, { range: formatNumber(a.baseline.rangeDailyPayments, locale, 0), base: formatNumber(a.baseline.dailyPayments, locale, 0) })
                  : undefined} />
            </div>
          );
        }}
      </Widget>
      <WidgetSlot>
        <Widget title={o.byWallet} testId="adoption-by-wallet" exportAs={{ metric: "adoption", view: "daily" }} query={q} wide isEmpty={noPayments}>
          {(a) => {
            const p = pivot(walletOnly(a), (r) => r.day, (r) => r.key, (r) => r.payments);
            const series = p.series.sort((x, y) => walletIndex(x) - walletIndex(y))
              .map((s) => ({ key: s, label: walletName(s, locale, d.cards), color: seriesColor(walletIndex(s)) }));
            const base = filter.compare && a.baseline.dailyPayments !== null ? { value: a.baseline.dailyPayments, label: o.baselineLine } : null;
            return <SeriesChart kind="stacked-area" rows={p.rows} series={series} marks={[...calendarMarks(days(a), locale), ...dayMarks(days(a), notes)]} baseline={base}
              formatX={(x) => formatDay(x, locale)} formatY={(y) => formatCompact(y, locale)} />;
          }}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.countryOverTime} testId="adoption-by-country-over-time" exportAs={{ metric: "adoption", view: "daily-by-country" }} query={q} wide isEmpty={noPayments}>
          {(a) => {
            // the six biggest home countries by name, the rest together, so the chart stays readable
            const top = a.byCountry.filter((c) => c.payments !== null).slice(0, 6).map((c) => c.key);
            const p = pivot(a.dailyByCountry, (r) => r.day, (r) => (top.includes(r.key) ? r.key : "OTHER"), (r) => r.payments);
            const series = [...top, "OTHER"].filter((k) => p.series.includes(k))
              .map((k, i) => ({ key: k, label: k === "OTHER" ? o.otherCountries : countryName(k, locale), color: seriesColor(k === "OTHER" ? 11 : i) }));
            return <SeriesChart kind="stacked-area" rows={p.rows} series={series} marks={calendarMarks(days(a), locale)}
              formatX={(x) => formatDay(x, locale)} formatY={(y) => formatCompact(y, locale)} />;
          }}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.byCountry} testId="adoption-by-country" exportAs={{ metric: "adoption", view: "by-country" }} query={q} isEmpty={noPayments}>
          {(a) => (
            <BarListChart format={(v) => formatInt(v, locale)}
              rows={a.byCountry.filter((c) => c.payments !== null).map((c) => ({ key: c.key, label: countryName(c.key, locale), value: c.payments! }))} />
          )}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.walletVsCard} testId="wallet-vs-card" exportAs={{ metric: "adoption", view: "daily-by-channel" }} query={q} isEmpty={noPayments}>
          {(a) => {
            const p = pivot(a.dailyByChannel, (r) => r.day, (r) => r.key, (r) => r.payments);
            const series = (["WALLET", "CARD"] as const).filter((k) => p.series.includes(k)).map((k, i) => ({ key: k, label: d.channels[k], color: seriesColor(i === 0 ? 0 : 5) }));
            return <SeriesChart kind="line" rows={p.rows} series={series} marks={calendarMarks(days(a), locale)}
              formatX={(x) => formatDay(x, locale)} formatY={(y) => formatCompact(y, locale)} height={240} />;
          }}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.firstVsRepeat} testId="first-vs-repeat" exportAs={{ metric: "adoption", view: "payers" }} query={q} isEmpty={(a) => !a.payers || a.payers.payers === 0}>
          {(a) => (
            <div>
              <BarListChart format={(v) => formatInt(v, locale)} rows={[
                { key: "first", label: o.firstTime, value: a.payers!.firstTimePayers, color: seriesColor(1) },
                { key: "repeat", label: o.repeat, value: a.payers!.repeatPayers, color: seriesColor(0) },
              ]} />
              <p className="muted" data-testid="first-time-payers">
                {o.firstTime}: {formatInt(a.payers!.firstTimePayers, locale)} · {o.repeat}: {formatInt(a.payers!.repeatPayers, locale)}
              </p>
            </div>
          )}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.coverageOverTime} testId="coverage-over-time" exportAs={{ metric: "adoption", view: "coverage" }} query={q} isEmpty={(a) => a.merchantCoverage.daily.length === 0}>
          {(a) => (
            <SeriesChart kind="line" height={240} series={[{ key: "ratio", label: o.coverage, color: seriesColor(2) }]}
              rows={a.merchantCoverage.daily.map((x) => ({ x: x.day, ratio: x.ratio }))} marks={calendarMarks(a.merchantCoverage.daily.map((x) => x.day), locale)}
              formatX={(x) => formatDay(x, locale)} formatY={(y) => formatPercent(y, 0)} />
          )}
        </Widget>
      </WidgetSlot>
      <WidgetSlot>
        <Widget title={o.walletTable} testId="wallet-table" exportAs={{ metric: "adoption", view: "by-wallet" }} query={q} wide isEmpty={(a) => a.byWallet.length === 0}>
          {(a) => {
            const total = a.byWallet.reduce((s, w) => s + (w.payments ?? 0), 0);
            return (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr><th>{o.wallet}</th><th className="num">{t.dash.districts.payments}</th><th className="num">{o.volume}</th><th className="num">{o.share}</th></tr>
                  </thead>
                  <tbody>
                    {a.byWallet.map((w) => (
                      <tr key={w.key} data-testid={`wallet-row-${w.key}`}>
                        <td>{walletName(w.key, locale, d.cards)}</td>
                        {w.suppressed ? (
                          <td className="num" colSpan={3}><Suppressed below={w.suppressed} /></td>
                        ) : (
                          <>
                            <td className="num" data-testid="payments">{formatInt(w.payments ?? 0, locale)}</td>
                            <td className="num" data-testid="volume">{formatCny(w.volumeCny ?? "0", locale)}</td>
                            <td className="num">{formatPercent(total ? (w.payments ?? 0) / total : null, 1)}</td>
                          </>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Widget>
      </WidgetSlot>
    </>
  );
}
