import "server-only";
import { geoPath, type GeoProjection } from "d3-geo";
import type PDFDocument from "pdfkit";
import { colourClasses, DISTRICT_SHAPES, districtLabels, mapLayout } from "../map/district-layout";
import { SEQUENTIAL } from "../palette";

// The dashboard's district map as PDF vectors: the same outlines, projection,
// inset, colour classes and label placement (lib/map/district-layout.ts).

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfMapDistrict {
  code: string;
  label: string;
  /** null: hidden (fewer payers than the threshold) or outside the reader's districts */
  value: number | null;
}

/** Draws the map at (x, y) and its legend below; returns the y below the legend. */
export function districtMap(doc: Doc, x: number, y: number, width: number, districts: PdfMapDistrict[], venues: { lat: number; lon: number }[],
  text: { inset: string; hidden: string; venue: string; approximate: string }, format: (n: number) => string): number {
  const height = Math.round(width * 0.47);
  const layout = mapLayout(width, height);
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const { breaks, classOf } = colourClasses(districts.map((d) => d.value));
  const colourOf = (code: string) => {
    const v = byCode.get(code)?.value;
    return v === null || v === undefined ? "#e5e7eb" : SEQUENTIAL.light[classOf(v)]!;
  };
  // d3-geo draws onto any context with moveTo/lineTo/closePath; pdfkit's document is one, offset to (x, y)
  const context = (p: GeoProjection) => geoPath(p, {
    moveTo: (px: number, py: number) => void doc.moveTo(x + px, y + py),
    lineTo: (px: number, py: number) => void doc.lineTo(x + px, y + py),
    closePath: () => void doc.closePath(),
    arc: () => undefined,
  } as unknown as CanvasRenderingContext2D);
  const drawShapes = (p: GeoProjection) => {
    const path = context(p);
    for (const s of DISTRICT_SHAPES) {
      path(s.feature);
      doc.lineWidth(0.6).fillAndStroke(colourOf(s.code), "#ffffff");
    }
    for (const v of venues) {
      const [vx, vy] = p([v.lon, v.lat])!;
      doc.save().translate(x + vx, y + vy).rotate(45).rect(-2.5, -2.5, 5, 5).fill("#111111").restore();
    }
  };
  drawShapes(layout.main);
  const { box, frame } = layout.inset;
  doc.save().lineWidth(0.6).dash(2, { space: 2 }).polygon(...frame.map(([fx, fy]) => [x + fx, y + fy] as [number, number])).stroke("#666666").undash().restore();
  doc.save().rect(x + box.x, y + box.y, box.width, box.height).lineWidth(0.5).fillAndStroke("#ffffff", "#cccccc");
  doc.rect(x + box.x, y + box.y + 14, box.width, box.height - 14).clip();
  drawShapes(layout.inset.projection);
  doc.restore();
  doc.font("body").fontSize(7).fillColor("#555555").text(text.inset, x + box.x + 4, y + box.y + 4, { lineBreak: false });

  const size = 7.5;
  const widthOf = (s: string) => doc.font("bold").fontSize(size).widthOfString(s);
  for (const l of districtLabels(layout, new Map(districts.map((d) => [d.code, d.label])), venues, widthOf, size, 6)) {
    doc.font("bold").fontSize(size).fillColor("#111111").text(l.text, x + l.x - widthOf(l.text) / 2, y + l.y - size / 2 - 1, { lineBreak: false });
  }

  let lx = x;
  const ly = y + height + 8;
  const item = (swatch: () => void, label: string) => {
    swatch();
    doc.font("body").fontSize(7.5).fillColor("#333333").text(label, lx + 13, ly, { lineBreak: false });
    lx += 13 + doc.widthOfString(label) + 12;
  };
  breaks.slice(0, -1).forEach((b, i) => item(() => doc.rect(lx, ly, 10, 7).fill(SEQUENTIAL.light[i]!), `${format(b)}–${format(breaks[i + 1]!)}`));
  item(() => doc.rect(lx, ly, 10, 7).fill("#e5e7eb"), text.hidden);
  item(() => doc.save().translate(lx + 5, ly + 3.5).rotate(45).rect(-2.5, -2.5, 5, 5).fill("#111111").restore(), text.venue);
  doc.font("body").fontSize(7.5).fillColor("#555555").text(text.approximate, x, ly + 14, { width });
  return doc.y + 6;
}
