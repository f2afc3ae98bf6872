// Per-metric options the widgets ask for. Shared by the client widgets and the
// pages' server prefetch, which must use the same cache keys (so not exported
// from "use client" modules, whose exports are only references on the server).

export const TOP_MERCHANTS_OPTIONS = { perDistrict: "3" };
export const OUTLIERS_OPTIONS = { limit: "20" };
export const FAILURES_OPTIONS = { limit: "20" };

/** The explorer's own URL parameters, passed to the API as they are (it validates them). */
export function explorerOptions(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries((["status", "q", "cursor"] as const).flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
}
