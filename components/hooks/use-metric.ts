"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { filterSearch, isLive, metricSearch, type DashboardFilter } from "@/lib/dashboard/filter";
import type { getAdoption } from "@/lib/metrics/adoption";
import type { getDistricts } from "@/lib/metrics/districts";
import type { getFxOutliers, getRecentFailures } from "@/lib/metrics/drill-down";
import type { getFxSpreads } from "@/lib/metrics/fx-spreads";
import type { getTopMerchants, getVenueEffects } from "@/lib/metrics/merchants";
import type { getOperations } from "@/lib/metrics/operations";
import type { listTransactions } from "@/lib/transactions/explorer";
import { fetchJson } from "./fetch-json";
import { useDashboardFilter } from "./use-dashboard-filter";

type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** What each metrics endpoint answers, as the API's `data` (the metric functions' own return types). */
export interface MetricData {
  adoption: Answer<typeof getAdoption>;
  districts: Answer<typeof getDistricts>;
  "fx-spreads": Answer<typeof getFxSpreads>;
  operations: Answer<typeof getOperations>;
  failures: Answer<typeof getRecentFailures>;
  "fx-outliers": Answer<typeof getFxOutliers>;
  "top-merchants": Answer<typeof getTopMerchants>;
  "venue-effects": Answer<typeof getVenueEffects>;
  transactions: Answer<typeof listTransactions>;
}
export type MetricName = keyof MetricData;

export interface MetricResponse<T> {
  asOf: string;
  timeZone: string;
  data: T;
}

/** While a range reaches now, figures refresh this often (paused while the tab is hidden). */
export const LIVE_REFRESH_MS = 5_000;

/**
 * One metric for the URL's filter (or another, e.g. the August baseline).
 * The cache key is the filter as written in the URL, so "today" stays one
 * entry while its instants move with the clock on every refetch.
 */
export function useMetric<N extends MetricName>(name: N, opts: { filter?: DashboardFilter; options?: Record<string, string>; enabled?: boolean } = {}) {
  const fromUrl = useDashboardFilter().filter;
  const filter = opts.filter ?? fromUrl;
  const options = opts.options ?? {};
  const live = isLive(filter);
  const query = useQuery({
    queryKey: ["metric", name, filterSearch(filter, options)],
    queryFn: ({ signal }) => fetchJson<MetricResponse<MetricData[N]>>(`/api/metrics/${name}?${metricSearch(filter, new Date(), options)}`, signal),
    refetchInterval: live ? LIVE_REFRESH_MS : false,
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
  return { ...query, live };
}
