// The district map's geometry, shared by the dashboard's SVG and the PDF
// briefing so both draw the same map: outlines, projections, the urban-core
// inset, colour classes and label positions. Pure data and maths, no React.
import { geoMercator, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, MultiPolygon } from "geojson";
import shapes from "../../data/geo/hangzhou-districts.json" with { type: "json" };

export interface DistrictShape {
  code: string;
  /** true where the 2021 outline is cut from the pre-2021 ones (Linping, Qiantang and their neighbours) */
  approximate: boolean;
  feature: Feature<MultiPolygon>;
}

export const DISTRICT_SHAPES: DistrictShape[] = shapes.features.map((f) => ({
  code: f.code,
  approximate: f.approximate,
  feature: { type: "Feature", properties: { code: f.code }, geometry: { type: "MultiPolygon", coordinates: f.coordinates } },
}));

/** The six urban districts crowd into a few pixels of the whole city, so four get an enlarged inset. */
export const URBAN_CORE = ["shangcheng", "gongshu", "xihu", "binjiang"];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapLayout {
  width: number;
  height: number;
  main: GeoProjection;
  inset: { box: Box; projection: GeoProjection; /** the inset's area outlined on the main map */ frame: [number, number][] };
}

const collection = (codes?: string[]): FeatureCollection<MultiPolygon> => ({
  type: "FeatureCollection",
  features: DISTRICT_SHAPES.filter((s) => !codes || codes.includes(s.code)).map((s) => s.feature),
});

/** The whole city on the left, the urban core enlarged on the right. */
export function mapLayout(width: number, height: number): MapLayout {
  const pad = 8;
  const split = width * 0.68;
  const main = geoMercator().fitExtent([[pad, pad], [split - pad, height - pad]], collection());
  const box = { x: split, y: pad, width: width - split - pad, height: height - 2 * pad };
  const projection = geoMercator().fitExtent([[box.x + 6, box.y + 20], [box.x + box.width - 6, box.y + box.height - 6]], collection(URBAN_CORE));
  const corners: [number, number][] = [[box.x, box.y + 14], [box.x + box.width, box.y + 14], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]];
  const frame = corners.map((c) => main(projection.invert!(c)!)!);
  return { width, height, main, inset: { box, projection, frame } };
}

/** The point to label a district at: the centroid of its largest part (Xiaoshan and Yuhang have slivers). */
export function labelPoint(projection: GeoProjection, shape: DistrictShape): [number, number] {
  const path = geoPath(projection);
  const parts = shape.feature.geometry.coordinates.map((coordinates) => ({ type: "Polygon" as const, coordinates }));
  const largest = parts.reduce((a, b) => (path.area(b) > path.area(a) ? b : a));
  return path.centroid(largest);
}

/** Five equal-interval classes from zero to the largest value: simple to read off the legend. */
export function colourClasses(values: (number | null)[], classes = 5): { breaks: number[]; classOf: (v: number) => number } {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const breaks = Array.from({ length: classes + 1 }, (_, i) => (max * i) / classes);
  return { breaks, classOf: (v) => (max === 0 ? 0 : Math.min(classes - 1, Math.floor((v / max) * classes))) };
}

export interface Label {
  code: string;
  text: string;
  x: number;
  y: number;
}

/**
 * Places each label at its point or, when that would overlap a label already
 * placed or an obstacle, just below, above, right or left of it; a label with
 * no free position is left out (its district keeps its name on hover and in
 * the table). Labels come in priority order.
 */
export function placeLabels(labels: Label[], widthOf: (text: string) => number, fontSize: number, obstacles: Box[] = []): (Label & { box: Box })[] {
  const placed: (Label & { box: Box })[] = [];
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const l of labels) {
    const w = widthOf(l.text) + 4;
    const h = fontSize + 2;
    for (const [dx, dy] of [[0, 0], [0, h], [0, -h], [w / 2 + 4, 0], [-w / 2 - 4, 0]] as const) {
      const box = { x: l.x + dx - w / 2, y: l.y + dy - h / 2, width: w, height: h };
      if (![...placed.map((p) => p.box), ...obstacles].some((o) => overlaps(o, box))) {
        placed.push({ ...l, x: l.x + dx, y: l.y + dy, box });
        break;
      }
    }
  }
  return placed;
}

/**
 * Every district's name placed on a layout: the outer districts on the city,
 * the urban core in its inset, each clear of the inset (or its caption) and of
 * the venue markers. The page and the PDF both place their names with it.
 */
export function districtLabels(layout: MapLayout, names: Map<string, string>, venues: { lat: number; lon: number }[], widthOf: (text: string) => number, fontSize: number, venueSize = 8) {
  const { box } = layout.inset;
  const place = (projection: GeoProjection, inset: boolean, obstacles: Box[]) => placeLabels(
    DISTRICT_SHAPES.filter((s) => URBAN_CORE.includes(s.code) === inset).map((s) => {
      const [x, y] = labelPoint(projection, s);
      return { code: s.code, text: names.get(s.code) ?? s.code, x, y };
    }),
    widthOf, fontSize, obstacles);
  return [
    ...place(layout.main, false, [box, ...venueBoxes(layout.main, venues, venueSize)]),
    ...place(layout.inset.projection, true, [{ ...box, height: 18 }, ...venueBoxes(layout.inset.projection, venues, venueSize)]),
  ];
}

/** The squares venue markers cover, for labels to keep clear of. */
export const venueBoxes = (projection: GeoProjection, venues: { lat: number; lon: number }[], size = 8): Box[] =>
  venues.map((v) => {
    const [x, y] = projection([v.lon, v.lat])!;
    return { x: x - size / 2, y: y - size / 2, width: size, height: size };
  });

/** Width of a label in a sans-serif face without measuring: CJK glyphs are square, Latin about 0.58 em. */
export const estimatedWidth = (fontSize: number) => (text: string) =>
  [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.58), 0);
