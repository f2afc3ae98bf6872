// Colours distinguishable with the common colour-vision deficiencies: the
// Okabe-Ito set first, then Paul Tol's muted colours for the 9th series on.
// Every chart (on screen and in the PDF briefing) also names its series, so
// colour is never the only cue.

const SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#882255", "#44AA99", "#332288", "#999933", "#888888"];

export function seriesColor(index: number): string {
  return SERIES[index % SERIES.length]!;
}
