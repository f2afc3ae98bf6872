// Colours distinguishable with the common colour-vision deficiencies: the
// Okabe-Ito set first, then Paul Tol's muted colours for the 9th series on.
// Every chart (on screen and in the PDF briefing) also names its series, so
// colour is never the only cue.

const SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#882255", "#44AA99", "#332288", "#999933", "#888888"];

export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length]!;
}

// Sequential classes for the district map, low to high: ColorBrewer YlGnBu on
// light backgrounds, viridis on dark ones (low values dark, high ones bright,
// so the busiest district stands out either way). Both read for the common
// colour-vision deficiencies.
export const SEQUENTIAL = {
  light: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
  dark: ["#3b1c5a", "#3b528b", "#21918c", "#5ec962", "#fde725"],
};
