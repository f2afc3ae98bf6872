// The series colours (lib/palette.ts, shared with the PDF briefing) and the
// heatmap scale and axis colours of the on-screen charts.

export { seriesColor } from "@/lib/palette";

/** Sequential scale for heatmaps: from the panel colour to the accent, so it reads in both themes and in greyscale. */
export function heatColor(x: number): string {
  const t = Math.max(0, Math.min(1, x));
  return `color-mix(in srgb, var(--accent) ${Math.round(6 + t * 94)}%, var(--panel))`;
}

export const GRID = "var(--border)";
export const AXIS = "var(--muted)";
