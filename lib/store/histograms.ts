// Mergeable fixed-bin histograms stored in the rollups. Percentiles read from
// them are exact to within one bin: the documented error is the width of the
// bin the percentile falls in (latency: at most 25% of the value below 20 s;
// spread: 5 bps between -20 and +200 bps, wider outside).

/** Bin i holds values v with BOUNDS[i-1] <= v < BOUNDS[i] (bin 0: v < BOUNDS[0]); same as SQL width_bucket. */
export const LATENCY_BOUNDS_MS = [
  50, 100, 150, 200, 250, 300, 400, 500, 600, 700, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000,
  15000, 20000, 30000, 60000,
] as const;

export const SPREAD_BOUNDS_BPS = [
  -50, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 110, 120,
  130, 140, 150, 160, 170, 180, 190, 200, 250, 300, 350, 400, 500, 750, 1000,
] as const;

/**
 * The q-quantile (0..1) by linear interpolation inside the bin it falls in;
 * the open-ended first and last bins report their finite edge.
 */
export function histogramQuantile(bounds: readonly number[], hist: readonly number[], q: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const n = hist[i]!;
    if (n > 0 && seen + n >= rank) {
      if (i === 0) return bounds[0]!;
      if (i === bounds.length) return bounds[bounds.length - 1]!;
      const lo = bounds[i - 1]!;
      const hi = bounds[i]!;
      return lo + ((rank - seen) / n) * (hi - lo);
    }
    seen += n;
  }
  return bounds[bounds.length - 1]!;
}
