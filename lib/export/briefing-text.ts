import { districtName, walletName } from "../dashboard/labels";
import { formatChange, formatCny, formatInt, formatNumber, formatPercent } from "../format";
import type { Locale, Messages } from "../i18n/messages";
import { scaled, unscaled } from "../store/exact";
import type { MetricData } from "../metrics/registry";

// The briefing's generated sentences, from the same answers the dashboard
// draws. Hidden (suppressed) figures are never named: a sentence that would
// need one is left out.

export interface BriefingData {
  adoption: MetricData["adoption"];
  districts: MetricData["districts"];
  fx: MetricData["fx-spreads"];
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function briefingSentences(d: BriefingData, locale: Locale, t: Messages, range: { from: string; to: string }): string[] {
  const zh = locale === "zh";
  const wallet = d.adoption.byChannel.find((c) => c.key === "WALLET");
  const out: string[] = [];
  if (wallet && wallet.payments !== null && wallet.volumeCny !== null) {
    const ratio = d.adoption.baseline.ratio;
    const change = ratio === null ? null : formatChange(ratio);
    out.push(
      zh
        ? `${range.from} 至 ${range.to}，境外钱包共完成 ${formatInt(wallet.payments, locale)} 笔支付，交易额 ${formatCny(wallet.volumeCny, locale)}${change ? `，日均笔数较八月${ratio! >= 1 ? "增长" : "下降"} ${change.replace(/^[+−]/, "")}` : ""}。`
        : `From ${range.from} to ${range.to}, foreign wallets made ${formatInt(wallet.payments, locale)} payments worth ${formatCny(wallet.volumeCny, locale)}${change ? `; payments per day ${ratio! >= 1 ? "rose" : "fell"} ${change.replace(/^[+−]/, "")} against the August average` : ""}.`,
    );
  }
  const wallets = d.adoption.byWallet.filter((w) => w.payments !== null).sort((a, b) => b.payments! - a.payments!);
  const total = wallets.reduce((s, w) => s + w.payments!, 0);
  if (wallets.length >= 1 && total > 0) {
    const named = wallets.slice(0, 3).map((w) => `${walletName(w.key, locale, t.dash.cards)} (${formatPercent(share(w.payments!, total), 1)})`);
    out.push(
      zh
        ? `${named[0]} 占支付笔数首位${named.length > 1 ? `，其后为 ${named.slice(1).join("、")}` : ""}。`
        : `${named[0]} led the wallets by payments${named.length > 1 ? `, followed by ${named.slice(1).join(" and ")}` : ""}.`,
    );
  }
  const p = d.adoption.payers;
  const cov = d.adoption.merchantCoverage;
  if (p) {
    out.push(
      zh
        ? `独立付款人约 ${formatInt(p.payers, locale)} 位（估算），其中 ${formatInt(p.firstTimePayers, locale)} 位为首次付款；${formatInt(cov.merchants, locale)} 家商户中有 ${formatInt(cov.covered, locale)} 家（${formatPercent(cov.ratio, 1)}）已收到境外钱包付款。`
        : `About ${formatInt(p.payers, locale)} distinct visitors paid (estimated), ${formatInt(p.firstTimePayers, locale)} of them for the first time; ${formatInt(cov.covered, locale)} of ${formatInt(cov.merchants, locale)} merchants (${formatPercent(cov.ratio, 1)}) have taken a foreign-wallet payment.`,
    );
  }
  const districts = d.districts.byDistrict.filter((x) => x.volumeCny !== null).sort((a, b) => Number(b.volumeCny) - Number(a.volumeCny));
  const districtTotal = districts.reduce((s, x) => s + Number(x.volumeCny), 0);
  const top = districts[0];
  if (top && districtTotal > 0) {
    const s = formatPercent(share(Number(top.volumeCny), districtTotal), 1);
    out.push(
      zh
        ? `交易额最高的城区为${districtName(top.district, locale)}：${formatCny(top.volumeCny!, locale)}，占 ${s}。`
        : `${districtName(top.district, locale)} took the most: ${formatCny(top.volumeCny!, locale)}, ${s} of the volume.`,
    );
  }
  const fx = d.fx.bySource.filter((s) => s.meanBps !== null && !s.source.startsWith("CARD:")).sort((a, b) => b.meanBps! - a.meanBps!);
  // exact: the costs are decimal strings to the fen
  const cost = unscaled(d.fx.bySource.reduce((sum, s) => sum + (s.costCny === null ? 0n : scaled(s.costCny, 2)), 0n), 2);
  if (fx[0]) {
    const name = walletName(fx[0].source, locale, t.dash.cards);
    out.push(
      zh
        ? `平均汇率点差最高的钱包为 ${name}（${formatNumber(fx[0].meanBps, locale, 1)} 基点）；付款人按高于中间价的汇率共多付 ${formatCny(cost, locale)}。`
        : `${name} had the widest average FX spread (${formatNumber(fx[0].meanBps, locale, 1)} bp); payers paid ${formatCny(cost, locale)} over the mid rate in all.`,
    );
  }
  return out;
}
