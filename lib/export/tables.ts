import { countryName, districtName, walletName } from "../dashboard/labels";
import { fill } from "../i18n/dashboard-messages";
import type { Locale, Messages } from "../i18n/messages";
import type { MetricData, MetricName } from "../metrics/registry";
import type { PaymentRow } from "../metrics/raw-rows";
import { localTimestamp } from "../local-time";
import type { Cell, ExportColumn, ExportTable } from "./cells";

// What each dashboard widget shows, as tables: the export of a widget is the
// metric answer its chart was drawn from, row for row. Hidden (suppressed)
// figures stay hidden: the cell reads "< 10" as on screen.

type Builder<N extends MetricName> = (data: MetricData[N], l: Labels) => ExportTable;

interface Labels {
  locale: Locale;
  t: Messages;
  wallet: (code: string | null) => string;
  hidden: (row: { suppressed?: string }, v: Cell) => Cell;
}

const col = (label: string, kind: ExportColumn["kind"] = "text"): ExportColumn => ({ label, kind });
const hiddenOr = (row: { suppressed?: string }, v: Cell): Cell => (row.suppressed ? row.suppressed : v);

function paymentRows(rows: PaymentRow[], l: Labels, name: string): ExportTable {
  const x = l.t.dash.tx;
  return {
    name,
    columns: [col(x.time), col(x.id), col(x.channel), col(l.t.dash.overview.wallet), col(x.payerCountry), col(l.t.dash.districts.district), col(x.merchant),
      col(l.t.dash.filters.categories), col(x.amount, "number"), col(l.t.dash.fx.currency), col(x.amountCny, "money"), col(x.status), col(x.result),
      col(l.t.dash.ops.category), col(fill(l.t.dash.cols.ms, { name: x.latency }), "int"), col(fill(l.t.dash.cols.bp, { name: x.spread }), "number"), col(l.t.dash.fx.cost, "money")],
    // local wall-clock time, as the file's time-zone line says (an ISO string would be UTC)
    rows: rows.map((r) => [localTimestamp(r.createdAt), r.externalId, r.channel, l.wallet(r.wallet), r.payerCountry, districtName(r.district, l.locale), r.merchantName,
      r.merchantCategory, r.amount, r.currency, r.amountCny, r.status, r.resultCode, r.failureCategory, r.latencyMs, r.spreadBps, r.spreadCostCny]),
  };
}

const VIEWS: { [N in MetricName]: Record<string, Builder<N>> } = {
  adoption: {
    totals: (a, l) => {
      const o = l.t.dash.overview;
      const c = l.t.dash.cols;
      const wallet = a.byChannel.find((x) => x.key === "WALLET");
      const rows: Cell[][] = [
        [o.payments, wallet ? l.hidden(wallet, wallet.payments) : 0],
        [o.volume, wallet ? l.hidden(wallet, wallet.volumeCny) : "0"],
        [o.payers, a.payers?.payers ?? l.hidden(a, null)],
        [o.coverage, a.merchantCoverage.ratio],
        [c.coveredMerchants, a.merchantCoverage.covered],
        [c.merchants, a.merchantCoverage.merchants],
        [fill(c.ratio, { name: o.vsBaseline }), a.baseline.ratio],
        [c.perDayRange, a.baseline.rangeDailyPayments],
        [c.perDayAugust, a.baseline.dailyPayments],
      ];
      return { name: o.headline, columns: [col(c.figure), col(c.value, "number")], rows };
    },
    "by-wallet": (a, l) => ({
      name: l.t.dash.overview.walletTable,
      columns: [col(l.t.dash.overview.wallet), col(l.t.dash.cols.code), col(l.t.dash.districts.payments, "int"), col(l.t.dash.overview.volume, "money")],
      rows: a.byWallet.map((w) => [l.wallet(w.key), w.key, l.hidden(w, w.payments), l.hidden(w, w.volumeCny)]),
    }),
    "by-country": (a, l) => ({
      name: l.t.dash.overview.byCountry,
      columns: [col(l.t.dash.overview.home), col(l.t.dash.cols.code), col(l.t.dash.districts.payments, "int"), col(l.t.dash.overview.volume, "money")],
      rows: a.byCountry.map((c) => [countryName(c.key, l.locale), c.key, l.hidden(c, c.payments), l.hidden(c, c.volumeCny)]),
    }),
    daily: (a, l) => ({
      name: l.t.dash.overview.byWallet,
      columns: [col(l.t.dash.cols.day), col(l.t.dash.overview.wallet), col(l.t.dash.districts.payments, "int"), col(l.t.dash.overview.volume, "money")],
      rows: a.daily.map((d) => [d.day, l.wallet(d.key), l.hidden(d, d.payments), l.hidden(d, d.volumeCny)]),
    }),
    "daily-by-channel": (a, l) => ({
      name: l.t.dash.overview.walletVsCard,
      columns: [col(l.t.dash.cols.day), col(l.t.dash.tx.channel), col(l.t.dash.districts.payments, "int"), col(l.t.dash.overview.volume, "money")],
      rows: a.dailyByChannel.map((d) => [d.day, l.t.dash.channels[d.key as "WALLET" | "CARD"] ?? d.key, l.hidden(d, d.payments), l.hidden(d, d.volumeCny)]),
    }),
    "daily-by-country": (a, l) => ({
      name: l.t.dash.overview.countryOverTime,
      columns: [col(l.t.dash.cols.day), col(l.t.dash.overview.home), col(l.t.dash.districts.payments, "int"), col(l.t.dash.overview.volume, "money")],
      rows: a.dailyByCountry.map((d) => [d.day, countryName(d.key, l.locale), l.hidden(d, d.payments), l.hidden(d, d.volumeCny)]),
    }),
    payers: (a, l) => ({
      name: l.t.dash.overview.firstVsRepeat,
      columns: [col(l.t.dash.cols.from), col(l.t.dash.cols.to), col(l.t.dash.overview.payers, "int"), col(l.t.dash.overview.firstTime, "int"), col(l.t.dash.overview.repeat, "int")],
      rows: a.payers ? [[a.payers.days.from, a.payers.days.to, a.payers.payers, a.payers.firstTimePayers, a.payers.repeatPayers]] : [],
    }),
    coverage: (a, l) => ({
      name: l.t.dash.overview.coverageOverTime,
      columns: [col(l.t.dash.cols.day), col(l.t.dash.cols.covered, "int"), col(l.t.dash.cols.merchants, "int"), col(l.t.dash.overview.coverage, "percent")],
      rows: a.merchantCoverage.daily.map((d) => [d.day, d.covered, d.merchants, d.ratio]),
    }),
  },
  districts: {
    "by-district": (d, l) => ({
      name: l.t.dash.districts.volume,
      columns: [col(l.t.dash.districts.district), col(l.t.dash.cols.code), col(l.t.dash.overview.volume, "money"), col(l.t.dash.districts.payments, "int"), col(l.t.dash.districts.payers, "int")],
      rows: d.byDistrict.map((x) => [districtName(x.district, l.locale), x.district, l.hidden(x, x.volumeCny), l.hidden(x, x.payments), l.hidden(x, x.payers)]),
    }),
    heatmap: (d, l) => ({
      name: l.t.dash.districts.heatmap,
      columns: [col(l.t.dash.districts.district), col(l.t.dash.districts.hour, "int"), col(l.t.dash.districts.payments, "int")],
      rows: d.heatmap.map((c) => [districtName(c.district, l.locale), c.hour, l.hidden(c, c.payments)]),
    }),
  },
  "fx-spreads": {
    ranking: (f, l) => ({
      name: l.t.dash.fx.ranking,
      columns: [col(l.t.dash.fx.source), col(l.t.dash.fx.currency), col(l.t.dash.fx.count, "int"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.mean }), "number"),
        col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p50 }), "number"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p90 }), "number"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p99 }), "number"), col(l.t.dash.fx.cost, "money")],
      rows: f.bySource.map((s) => [l.wallet(s.source), s.currency, l.hidden(s, s.count), l.hidden(s, s.meanBps), l.hidden(s, s.p50Bps), l.hidden(s, s.p90Bps),
        l.hidden(s, s.p99Bps), l.hidden(s, s.costCny)]),
    }),
    daily: (f, l) => ({
      name: l.t.dash.fx.overTime,
      columns: [col(l.t.dash.cols.day), col(l.t.dash.fx.source), col(l.t.dash.fx.count, "int"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.mean }), "number"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p50 }), "number"),
        col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p90 }), "number"), col(fill(l.t.dash.cols.bp, { name: l.t.dash.fx.p99 }), "number"), col(l.t.dash.fx.cost, "money")],
      rows: f.daily.map((s) => [s.day, l.wallet(s.source), l.hidden(s, s.count), l.hidden(s, s.meanBps), l.hidden(s, s.p50Bps), l.hidden(s, s.p90Bps),
        l.hidden(s, s.p99Bps), l.hidden(s, s.costCny)]),
    }),
    distribution: (f, l) => ({
      name: l.t.dash.fx.distribution,
      columns: [col(l.t.dash.cols.fromBp, "number"), col(l.t.dash.cols.toBp, "number"), col(l.t.dash.fx.count, "int")],
      rows: f.distribution.map((b) => [b.fromBps, b.toBps, b.count]),
    }),
  },
  operations: {
    series: (o, l) => ({
      name: l.t.dash.ops.failureRate,
      columns: [col(l.t.dash.cols.bucket), col(l.t.dash.overview.wallet), col(l.t.dash.ops.attempts, "int"), col(l.t.dash.cols.succeeded, "int"), col(l.t.dash.ops.failed, "int"),
        col(l.t.dash.ops.failureRate, "percent")],
      rows: o.series.map((s) => [localTimestamp(s.bucket), l.wallet(s.wallet), s.attempts, s.succeeded, s.failed, s.failureRate]),
    }),
    codes: (o, l) => ({
      name: l.t.dash.ops.topCodes,
      columns: [col(l.t.dash.ops.code), col(l.t.dash.ops.category), col(l.t.dash.ops.failed, "int")],
      rows: o.topCodes.map((c) => [c.code, c.category, c.failed]),
    }),
    latency: (o, l) => ({
      name: l.t.dash.ops.latency,
      columns: [col(l.t.dash.overview.wallet), col(l.t.dash.ops.attempts, "int"), col(fill(l.t.dash.cols.ms, { name: "p50" }), "number"), col(fill(l.t.dash.cols.ms, { name: "p95" }), "number"), col(fill(l.t.dash.cols.ms, { name: "p99" }), "number")],
      rows: Object.entries(o.latency.byWallet).map(([w, s]) => [l.wallet(w), s.count, s.p50Ms, s.p95Ms, s.p99Ms]),
    }),
  },
  failures: { failures: (f, l) => paymentRows(f.failures, l, l.t.dash.ops.latestFailures) },
  "fx-outliers": { outliers: (f, l) => paymentRows(f.outliers, l, "outliers") },
  transactions: { transactions: (f, l) => paymentRows(f.rows, l, l.t.dash.tx.title) },
  "top-merchants": {
    merchants: (m, l) => ({
      name: l.t.dash.districts.topMerchants,
      columns: [col(l.t.dash.districts.district), col(l.t.dash.cols.merchantId), col(l.t.dash.tx.merchant), col(l.t.dash.filters.categories), col(l.t.dash.districts.payments, "int"),
        col(l.t.dash.overview.volume, "money"), col(l.t.dash.ops.attempts, "int"), col(l.t.dash.ops.failed, "int")],
      rows: m.byDistrict.flatMap((d) => d.merchants.map((x) => [districtName(d.district, l.locale), x.merchantId, x.name, x.category, x.payments, x.volumeCny, x.attempts, x.failed])),
    }),
  },
  "venue-effects": {
    venues: (v, l) => ({
      name: l.t.dash.districts.venues,
      columns: [col(l.t.dash.districts.venue), col(l.t.dash.districts.district), col(l.t.dash.districts.merchants, "int"), col(l.t.dash.cols.eventDays, "int"), col(l.t.dash.cols.otherDays, "int"),
        col(l.t.dash.districts.eventDaily, "number"), col(l.t.dash.districts.otherDaily, "number"), col(l.t.dash.districts.uplift, "percent")],
      rows: v.venues.map((x) => [l.locale === "zh" ? x.nameZh : x.nameEn, districtName(x.district, l.locale), x.merchants, x.eventDays, x.otherDays,
        l.hidden(x, x.eventDailyPayments), l.hidden(x, x.otherDailyPayments), l.hidden(x, x.uplift)]),
    }),
  },
};

export const exportViews = (name: MetricName): string[] => Object.keys(VIEWS[name]);

/** One view of a metric answer as a table, labelled in the reader's language; null for a view the metric does not have. */
export function exportTable<N extends MetricName>(name: N, view: string, data: MetricData[N], locale: Locale, t: Messages): ExportTable | null {
  const build = (VIEWS[name] as Record<string, Builder<N>>)[view];
  if (!build) return null;
  return build(data, { locale, t, wallet: (code) => walletName(code, locale, t.dash.cards), hidden: hiddenOr });
}
