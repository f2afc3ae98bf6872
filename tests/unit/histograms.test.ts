import { describe, expect, it } from "vitest";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS, histogramQuantile } from "@/lib/store/histograms";
import { binOf, bucketStart, emptyHistogram } from "../helpers/oracles";

describe("histograms", () => {
  it("bins like SQL width_bucket: bound values go up, below the first is bin 0", () => {
    expect(binOf(LATENCY_BOUNDS_MS, 0)).toBe(0);
    expect(binOf(LATENCY_BOUNDS_MS, 49)).toBe(0);
    expect(binOf(LATENCY_BOUNDS_MS, 50)).toBe(1);
    expect(binOf(LATENCY_BOUNDS_MS, 60_000)).toBe(LATENCY_BOUNDS_MS.length);
    expect(binOf(SPREAD_BOUNDS_BPS, -0.0001)).toBe(5);
    expect(binOf(SPREAD_BOUNDS_BPS, 0)).toBe(6);
  });

  it("reads quantiles within one bin of the exact value", () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 200 + ((i * 7919) % 3000));
    const hist = emptyHistogram(LATENCY_BOUNDS_MS);
    for (const v of values) hist[binOf(LATENCY_BOUNDS_MS, v)]!++;
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
      const bin = binOf(LATENCY_BOUNDS_MS, exact);
      const width = (LATENCY_BOUNDS_MS[bin] ?? exact) - (LATENCY_BOUNDS_MS[bin - 1] ?? 0);
      expect(Math.abs(histogramQuantile(LATENCY_BOUNDS_MS, hist, q)! - exact)).toBeLessThanOrEqual(width);
    }
    expect(histogramQuantile(LATENCY_BOUNDS_MS, emptyHistogram(LATENCY_BOUNDS_MS), 0.5)).toBeNull();
  });

  it("starts day buckets at Asia/Shanghai midnight and 5-minute buckets on the grid", () => {
    expect(bucketStart(new Date("2023-09-30T15:59:59Z"), 86400).toISOString()).toBe("2023-09-29T16:00:00.000Z");
    expect(bucketStart(new Date("2023-09-30T16:00:00Z"), 86400).toISOString()).toBe("2023-09-30T16:00:00.000Z");
    expect(bucketStart(new Date("2023-09-30T10:04:59.999Z"), 300).toISOString()).toBe("2023-09-30T10:00:00.000Z");
  });
});
