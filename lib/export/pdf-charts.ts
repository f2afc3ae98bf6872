import "server-only";
import type PDFDocument from "pdfkit";
import { seriesColor } from "../palette";

// Charts drawn as PDF vectors (sharp at any zoom, text selectable), in the
// dashboard's colour-blind-safe palette (lib/palette.ts).

type Doc = InstanceType<typeof PDFDocument>;

export interface Bar {
  label: string;
  value: number;
  /** the text beside the bar (a formatted figure, or "< 10") */
  display: string;
}

/** Horizontal bars with labels on the left and figures on the right; returns the y below the chart. */
export function barChart(doc: Doc, x: number, y: number, width: number, bars: Bar[], color = seriesColor(0)): number {
  const labelW = 130;
  const valueW = 110;
  const barW = width - labelW - valueW;
  const max = Math.max(1, ...bars.map((b) => b.value));
  bars.forEach((b, i) => {
    const top = y + i * 18;
    doc.fillColor("#333333").fontSize(9).text(b.label, x, top + 3, { width: labelW - 6, ellipsis: true, lineBreak: false });
    doc.rect(x + labelW, top + 2, Math.max(0.5, (barW * b.value) / max), 12).fill(color);
    doc.fillColor("#333333").text(b.display, x + labelW + barW + 6, top + 3, { width: valueW - 6, lineBreak: false });
  });
  return y + bars.length * 18 + 8;
}

/** Columns per day stacked by series, with day ticks and a legend; returns the y below it. */
export function stackedColumns(
  doc: Doc,
  x: number,
  y: number,
  width: number,
  height: number,
  days: string[],
  series: { label: string; values: number[] }[],
  formatTick: (day: string) => string,
): number {
  const totals = days.map((_, i) => series.reduce((s, ser) => s + (ser.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = width / Math.max(1, days.length);
  doc.lineWidth(0.5).strokeColor("#bbbbbb").moveTo(x, y + height).lineTo(x + width, y + height).stroke();
  doc.fillColor("#666666").fontSize(7).text(String(Math.round(max)), x - 40, y - 3, { width: 36, align: "right" });
  days.forEach((day, i) => {
    let base = y + height;
    series.forEach((ser, s) => {
      const h = (height * (ser.values[i] ?? 0)) / max;
      if (h > 0) doc.rect(x + i * step + 1, base - h, Math.max(1, step - 2), h).fill(seriesColor(s));
      base -= h;
    });
    if (i % Math.ceil(days.length / 12) === 0) doc.fillColor("#666666").fontSize(7).text(formatTick(day), x + i * step - 10, y + height + 3, { width: step + 20, lineBreak: false });
  });
  let lx = x;
  let ly = y + height + 16;
  for (const [s, ser] of series.entries()) {
    const w = doc.fontSize(8).widthOfString(ser.label) + 22;
    if (lx + w > x + width) {
      lx = x;
      ly += 12;
    }
    doc.rect(lx, ly + 1, 8, 8).fill(seriesColor(s));
    doc.fillColor("#333333").text(ser.label, lx + 11, ly, { lineBreak: false });
    lx += w;
  }
  return ly + 18;
}
