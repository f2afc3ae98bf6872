// Colours distinguishable with the common colour-vision deficiencies: the
// Okabe-Ito set first, then Paul Tol's muted colours for the 9th series on.
// Every chart also names its series in a legend and a tooltip, so colour is
// never the only cue.

const SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#882255", "#44AA99", "#332288", "#999933", "#888888"];

export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length]!;
}

/** Sequential scale for heatmaps: from the panel colour to the accent, so it reads in both themes and in greyscale. */
export function heatColor(x: number): string {
  const t = Math.max(0, Math.min(1, x));
  return `color-mix(in srgb, var(--accent) ${Math.round(6 + t * 94)}%, var(--panel))`;
}

export const GRID = "var(--border)";
export const AXIS = "var(--muted)";
