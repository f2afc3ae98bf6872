"use client";

import { useState } from "react";
import { DistrictMap } from "../charts/district-map";
import { Heatmap } from "../charts/heatmap";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useMetric, type MetricData } from "../hooks/use-metric";
import { useLocale } from "../providers";
import { TOP_MERCHANTS_OPTIONS } from "@/lib/dashboard/metric-options";
import { Suppressed } from "./suppressed";
import { Widget, WidgetSlot } from "./widget";
import { baselineOf, rangeEnd, rangeStart } from "@/lib/dashboard/filter";
import { districtName } from "@/lib/dashboard/labels";
import { referenceData } from "@/lib/reference/data";
import { formatChange, formatCny, formatCompact, formatInt, formatPercent } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";

type Districts = MetricData["districts"];
const ref = referenceData();
const noPayments = (d: Districts) => d.byDistrict.every((x) => (x.attempts ?? 0) === 0 && !x.suppressed);
const perDay = (payments: number | null, range: { from: string; to: string }) =>
  payments === null ? null : payments / ((rangeEnd(range).getTime() - rangeStart(range).getTime()) / 86400_000);

/** Districts page: volume table and map (both select districts) and the hour heatmap. */
export function DistrictsWidgets() {
  const { filter, setFilter } = useDashboardFilter();
  const q = useMetric("districts");
  const base = useMetric("districts", { filter: baselineOf(filter), enabled: filter.compare });
  const { locale, t } = useLocale();
  const d = t.dash.districts;
  const [sort, setSort] = useState<"volume" | "name">("volume");
  const [measure, setMeasure] = useState<"volume" | "payments" | "payers">("volume");
  const toggle = (code: string) =>
    setFilter({ ...filter, districts: filter.districts.includes(code) ? filter.districts.filter((x) => x !== code) : [...filter.districts, code].sort() });
  return (
    <>
      <WidgetSlot>
        <Widget title={d.map} testId="district-map" wide exportAs={{ metric: "districts", view: "by-district" }} query={q} note={d.mapNote}>
          {(data) => {
            const valueOf = (x: Districts["byDistrict"][number]) =>
              measure === "volume" ? (x.volumeCny === null ? null : Number(x.volumeCny)) : measure === "payments" ? x.payments : x.payers;
            return (
              <>
                <div className="map-measure" role="group" aria-label={d.mapMeasure} data-testid="district-map-measure">
                  {(["volume", "payments", "payers"] as const).map((m) => (
                    <button key={m} type="button" aria-pressed={measure === m} onClick={() => setMeasure(m)}>
                      {m === "volume" ? t.dash.overview.volume : m === "payments" ? d.payments : d.payers}
                    </button>
                  ))}
                </div>
                <DistrictMap onSelect={toggle}
                  format={(n) => (measure === "volume" ? formatCompact(n, locale) : formatCompact(Math.round(n), locale))}
                  text={{ title: d.map, inset: d.mapInset, venue: d.venue, hidden: d.mapHidden, hint: d.mapHint, approximate: d.mapApproximate }}
                  districts={[
                    ...data.byDistrict.map((x) => {
                      const value = valueOf(x);
                      const display = x.suppressed ? `< ${x.suppressed}` : value === null ? "–" : measure === "volume" ? formatCny(x.volumeCny ?? "0", locale) : formatInt(value, locale);
                      return { code: x.district, label: districtName(x.district, locale), value: x.suppressed ? null : value, display, selected: filter.districts.includes(x.district) };
                    }),
                    // the answer leaves out districts outside the viewer's scope; they stay on the map for orientation only
                    ...ref.districts.filter((rd) => rd.current && !data.byDistrict.some((x) => x.district === rd.code)).map((rd) => ({
                      code: rd.code, label: districtName(rd.code, locale), value: null, display: d.notInScope, selected: false, outOfScope: true,
                    })),
                  ]}
                  venues={ref.venues.filter((v) => data.byDistrict.some((x) => x.district === v.districtCode))
                    .map((v) => ({ code: v.code, label: locale === "zh" ? v.nameZh : v.nameEn, lat: v.lat, lon: v.lon }))} />
              </>
            );
          }}
        </Widget>
      </WidgetSlot>
      <Widget title={d.volume} testId="district-volume" wide exportAs={{ metric: "districts", view: "by-district" }} query={q} isEmpty={noPayments}>
        {(data) => {
          const max = Math.max(1, ...data.byDistrict.map((x) => Number(x.volumeCny ?? 0)));
          // with districts chosen, only they are listed (the others would only show zeros)
          const rows = data.byDistrict.filter((x) => !filter.districts.length || filter.districts.includes(x.district)).sort((a, b) =>
            sort === "name" ? districtName(a.district, locale).localeCompare(districtName(b.district, locale), locale) : Number(b.volumeCny ?? -1) - Number(a.volumeCny ?? -1),
          );
          const baseOf = (code: string) => base.data?.data.byDistrict.find((x) => x.district === code);
          return (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th><button type="button" className="th-button" onClick={() => setSort("name")} aria-pressed={sort === "name"}>{d.district}</button></th>
                    <th className="num"><button type="button" className="th-button" onClick={() => setSort("volume")} aria-pressed={sort === "volume"}>{t.dash.overview.volume} ↓</button></th>
                    <th className="num">{d.payments}</th>
                    <th className="num">{d.payers}</th>
                    {filter.compare ? <th className="num">{t.dash.overview.vsBaseline}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((x) => {
                    const b = baseOf(x.district);
                    const now = perDay(x.payments, data.range);
                    const then = b && base.data ? perDay(b.payments, base.data.data.range) : null;
                    const ratio = now !== null && then ? now / then : null;
                    return (
                      <tr key={x.district} data-testid={`district-row-${x.district}`} className={`clickable${filter.districts.includes(x.district) ? " selected" : ""}`}>
                        <td>
                          <button type="button" className="link-button" onClick={() => toggle(x.district)} aria-pressed={filter.districts.includes(x.district)}>
                            {locale === "zh" ? x.nameZh : x.nameEn}
                          </button>
                        </td>
                        {x.suppressed ? (
                          <td className="num" colSpan={filter.compare ? 4 : 3}><Suppressed below={x.suppressed} /></td>
                        ) : (
                          <>
                            <td className="num bar-cell" data-testid="volume">
                              <div className="bar" style={{ width: `${(100 * Number(x.volumeCny ?? 0)) / max}%` }} />
                              <span>{formatCny(x.volumeCny ?? "0", locale)}</span>
                            </td>
                            <td className="num" data-testid="payments">{formatInt(x.payments ?? 0, locale)}</td>
                            <td className="num" data-testid="payers">{x.payers === null ? "–" : formatInt(x.payers, locale)}</td>
                            {filter.compare ? <td className="num" data-testid="vs-baseline">{formatChange(ratio)}</td> : null}
                          </>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </Widget>
      <WidgetSlot>
        <Widget title={d.heatmap} testId="district-heatmap" exportAs={{ metric: "districts", view: "heatmap" }} query={q} wide isEmpty={noPayments}>
          {(data) => (
            <Heatmap columns={Array.from({ length: 24 }, (_, h) => h)} format={(n) => formatInt(n, locale)} hiddenLabel={t.dash.suppressedTitle} onRowClick={toggle}
              rows={data.byDistrict.filter((x) => (x.attempts ?? 1) > 0).map((x) => ({ key: x.district, label: districtName(x.district, locale) }))}
              values={new Map(data.heatmap.map((c) => [`${c.district}|${c.hour}`, c.payments]))} />
          )}
        </Widget>
      </WidgetSlot>
    </>
  );
}

export function VenueEffects() {
  const q = useMetric("venue-effects");
  const { locale, t } = useLocale();
  const d = t.dash.districts;
  return (
    <Widget title={d.venues} testId="venue-effects" exportAs={{ metric: "venue-effects", view: "venues" }} query={q} wide isEmpty={(v) => v.venues.length === 0}>
      {(data) => (
        <>
          <p className="muted" data-testid="venue-radius">{fill(d.venuesRadius, { m: formatInt(data.radiusM, locale) })}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr><th>{d.venue}</th><th>{d.district}</th><th className="num">{d.merchants}</th><th className="num">{d.eventDaily}</th><th className="num">{d.otherDaily}</th><th className="num">{d.uplift}</th></tr>
              </thead>
              <tbody>
                {data.venues.map((v) => (
                  <tr key={v.venue} data-testid={`venue-row-${v.venue}`}>
                    <td>{locale === "zh" ? v.nameZh : v.nameEn}</td>
                    <td>{districtName(v.district, locale)}</td>
                    <td className="num">{formatInt(v.merchants, locale)}</td>
                    {v.suppressed ? <td className="num" colSpan={3}><Suppressed below={v.suppressed} /></td> : (
                      <>
                        <td className="num">{v.eventDailyPayments === null ? "–" : formatInt(Math.round(v.eventDailyPayments), locale)}</td>
                        <td className="num">{v.otherDailyPayments === null ? "–" : formatInt(Math.round(v.otherDailyPayments), locale)}</td>
                        <td className="num" data-testid="uplift">{v.uplift === null ? "–" : formatChange(1 + v.uplift)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Widget>
  );
}

/** Names single merchants: operations only. */
export function TopMerchants() {
  const q = useMetric("top-merchants", { options: TOP_MERCHANTS_OPTIONS });
  const { locale, t } = useLocale();
  const d = t.dash.districts;
  return (
    <Widget title={d.topMerchants} testId="top-merchants" exportAs={{ metric: "top-merchants", view: "merchants", options: TOP_MERCHANTS_OPTIONS }} query={q} wide isEmpty={(m) => m.byDistrict.every((x) => x.merchants.length === 0)}>
      {(data) => (
        <div className="table-scroll">
          <table>
            <thead>
              <tr><th>{d.district}</th><th>{t.dash.tx.merchant}</th><th>{t.dash.filters.categories}</th><th className="num">{d.payments}</th><th className="num">{t.dash.overview.volume}</th><th className="num">{t.dash.ops.failureRate}</th></tr>
            </thead>
            <tbody>
              {data.byDistrict.flatMap((x) =>
                x.merchants.map((m, i) => (
                  <tr key={m.merchantId}>
                    <td>{i === 0 ? districtName(x.district, locale) : ""}</td>
                    <td translate="no">{m.name}</td>
                    <td>{t.dash.categories[m.category as keyof typeof t.dash.categories] ?? m.category}</td>
                    <td className="num">{formatInt(m.payments, locale)}</td>
                    <td className="num">{formatCny(m.volumeCny, locale)}</td>
                    <td className="num">{formatPercent(m.failed + m.payments > 0 ? m.failed / (m.failed + m.payments) : null, 1)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </Widget>
  );
}
