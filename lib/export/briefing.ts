import "server-only";
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { audit } from "../auth/audit";
import type { SessionUser } from "../auth/roles";
import { countryName, districtName, walletIndex, walletName } from "../dashboard/labels";
import type { Db } from "../db/client";
import { formatChange, formatCny, formatCompact, formatDay, formatInt, formatNumber, formatPercent, formatShanghai } from "../format";
import { runMetric } from "../http/metric-route";
import type { Locale, Messages } from "../i18n/messages";
import { completedSimulation } from "../simulate/run";
import { briefingSentences, type BriefingData } from "./briefing-text";
import { safeFileName } from "./cells";
import { seriesColor } from "../palette";
import { barChart, stackedColumns } from "./pdf-charts";
import { districtMap } from "./pdf-map";
import { DISTRICT_SHAPES } from "../map/district-layout";
import { referenceData } from "../reference/data";

// The officials' briefing as a PDF: headline figures, generated summary, and
// the adoption, district and FX charts as vectors, in English or Chinese. The
// Chinese font (Noto Sans SC, SIL OFL) comes from an npm package and is
// subset into the file: nothing is downloaded.

const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans-sc");
const FONTS = { regular: path.join(FONT_DIR, "400Regular", "NotoSansSC_400Regular.ttf"), bold: path.join(FONT_DIR, "700Bold", "NotoSansSC_700Bold.ttf") };

export async function buildBriefing(db: Db, user: SessionUser, query: URLSearchParams, lang: { locale: Locale; t: Messages }, ip: string | null) {
  const [adoption, districts, fx, simulated] = await Promise.all([
    runMetric("adoption", query, user, db),
    runMetric("districts", query, user, db),
    runMetric("fx-spreads", query, user, db),
    completedSimulation(db),
  ]);
  const data: BriefingData = { adoption: adoption.data, districts: districts.data, fx: fx.data };
  const range = { from: query.get("from") ?? "", to: query.get("to") ?? "" };
  const pdf = await render(data, lang, range, { asOf: adoption.asOf, user, simulated: simulated !== null });
  await audit(db, { action: "export", actor: user, ip, target: "briefing.pdf", detail: { query: query.toString(), pages: 4 } });
  return { pdf, fileName: safeFileName(["hangzhou-pay-monitor", "briefing", range.from, range.to, lang.locale], "pdf") };
}

function render(d: BriefingData, { locale, t }: { locale: Locale; t: Messages }, range: { from: string; to: string }, info: { asOf: string; user: SessionUser; simulated: boolean }): Promise<Buffer> {
  for (const f of Object.values(FONTS)) if (!fs.existsSync(f)) throw new Error(`The briefing font is missing (${f}); run npm install.`);
  const zh = locale === "zh";
  const o = t.dash.overview;
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Hangzhou Pay Monitor briefing ${range.from} – ${range.to}`, Author: "Hangzhou Pay Monitor" } });
  doc.registerFont("body", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const W = doc.page.width - 100;
  const heading = (text: string) => doc.font("bold").fontSize(16).fillColor("#111111").text(text, 50, 50).moveDown(0.5);
  const hidden = (s?: string) => (s ? (zh ? `< ${s.replace(/\D/g, "")} 位付款人` : `< ${s.replace(/\D/g, "")} payers`) : null);

  // page 1: headline and summary
  doc.font("bold").fontSize(20).fillColor("#0b6bcb").text(zh ? "杭州支付监测 · 简报" : "Hangzhou Pay Monitor · Briefing", 50, 50);
  doc.font("body").fontSize(10).fillColor("#555555")
    .text(`${range.from} – ${range.to} · ${t.dash.timesNote}`)
    .text(`${zh ? "生成时间" : "Generated"} ${formatShanghai(info.asOf, locale)} · ${info.user.email}${info.user.districts.length ? ` · ${info.user.districts.map((c) => districtName(c, locale)).join(", ")}` : ""}`);
  if (info.simulated) doc.fillColor("#7a4b00").text(t.dash.simulated);
  doc.moveDown();
  const wallet = d.adoption.byChannel.find((c) => c.key === "WALLET");
  const tiles: [string, string][] = [
    [o.payments, hidden(wallet?.suppressed) ?? formatInt(wallet?.payments ?? 0, locale)],
    [o.volume, hidden(wallet?.suppressed) ?? formatCny(wallet?.volumeCny ?? "0", locale)],
    [o.payers, d.adoption.payers ? formatInt(d.adoption.payers.payers, locale) : (hidden(d.adoption.suppressed) ?? "–")],
    [o.coverage, formatPercent(d.adoption.merchantCoverage.ratio, 1)],
    [o.vsBaseline, formatChange(d.adoption.baseline.ratio)],
  ];
  const tileW = W / tiles.length;
  const tileY = doc.y;
  tiles.forEach(([label, value], i) => {
    doc.roundedRect(50 + i * tileW + 2, tileY, tileW - 4, 58, 4).lineWidth(0.5).strokeColor("#cccccc").stroke();
    doc.font("body").fontSize(8).fillColor("#555555").text(label, 50 + i * tileW + 8, tileY + 6, { width: tileW - 16 });
    // shrink long figures (a CNY total) to fit their tile rather than wrap
    let size = 13;
    while (doc.font("bold").fontSize(size).widthOfString(value) > tileW - 16 && size > 7) size -= 0.5;
    doc.fillColor("#111111").text(value, 50 + i * tileW + 8, tileY + 30, { width: tileW - 16, lineBreak: false });
  });
  doc.y = tileY + 76;
  doc.font("bold").fontSize(12).fillColor("#111111").text(zh ? "摘要" : "Summary", 50);
  doc.font("body").fontSize(10.5).fillColor("#222222");
  for (const s of briefingSentences(d, locale, t, range)) doc.text(s, { width: W, paragraphGap: 6 });

  // page 2: adoption
  doc.addPage();
  heading(o.byWallet);
  const days = [...new Set(d.adoption.daily.map((r) => r.day))].sort();
  const walletsShown = [...new Set(d.adoption.daily.filter((r) => r.key !== "").map((r) => r.key))].sort((a, b) => walletIndex(a) - walletIndex(b));
  const y2 = stackedColumns(doc, 90, doc.y + 10, W - 40, 200, days,
    walletsShown.map((w) => ({ label: walletName(w, locale, t.dash.cards), values: days.map((day) => d.adoption.daily.find((r) => r.day === day && r.key === w)?.payments ?? 0) })),
    (day) => formatDay(day, locale));
  doc.font("body").fontSize(8).fillColor("#555555").text(zh ? "付款人少于 10 位的单元格不显示（计为 0）。" : "Cells from fewer than 10 payers are hidden for officials (drawn as 0).", 50, y2);
  doc.font("bold").fontSize(12).fillColor("#111111").text(o.byCountry, 50, doc.y + 16);
  barChart(doc, 50, doc.y + 8, W, d.adoption.byCountry.slice(0, 12).map((c) => ({
    label: countryName(c.key, locale), value: c.payments ?? 0, display: hidden(c.suppressed) ?? formatInt(c.payments ?? 0, locale) })), seriesColor(1));

  // page 3: districts
  doc.addPage();
  heading(t.dash.districts.volume);
  const ds = [...d.districts.byDistrict].sort((a, b) => Number(b.volumeCny ?? -1) - Number(a.volumeCny ?? -1));
  barChart(doc, 50, doc.y + 6, W, ds.map((x) => ({
    label: districtName(x.district, locale), value: Number(x.volumeCny ?? 0),
    display: hidden(x.suppressed) ?? `${formatCny(x.volumeCny ?? "0", locale, 0)} · ${formatInt(x.payments ?? 0, locale)}` })), seriesColor(2));
  const dm = t.dash.districts;
  doc.font("bold").fontSize(12).fillColor("#111111").text(dm.map, 50, doc.y + 12);
  districtMap(doc, 50, doc.y + 6, W,
    DISTRICT_SHAPES.map((s) => {
      const x = d.districts.byDistrict.find((b) => b.district === s.code);
      return { code: s.code, label: districtName(s.code, locale), value: !x || x.suppressed || x.volumeCny === null ? null : Number(x.volumeCny) };
    }),
    referenceData().venues.filter((v) => d.districts.byDistrict.some((b) => b.district === v.districtCode)),
    { inset: dm.mapInset, hidden: dm.mapHidden, venue: dm.venue, approximate: `${t.dash.overview.volume}. ${dm.mapApproximate}` },
    (n) => formatCompact(n, locale));

  // page 4: FX
  doc.addPage();
  heading(t.dash.fx.ranking);
  doc.font("body").fontSize(9).fillColor("#555555").text(t.dash.fx.lead, { width: W }).moveDown(0.5);
  const fx = [...d.fx.bySource].sort((a, b) => (b.meanBps ?? -1) - (a.meanBps ?? -1));
  barChart(doc, 50, doc.y + 6, W, fx.map((s) => ({
    label: walletName(s.source, locale, t.dash.cards), value: s.meanBps ?? 0,
    display: hidden(s.suppressed) ?? `${formatNumber(s.meanBps, locale, 1)} bp · ${formatCny(s.costCny ?? "0", locale, 0)}` })), seriesColor(5));
  doc.font("body").fontSize(8).fillColor("#555555").text(`${t.dash.fx.mean} · ${t.dash.fx.cost}. ${t.dash.fx.percentileNote}`, 50, doc.y + 10, { width: W });

  doc.end();
  return done;
}
