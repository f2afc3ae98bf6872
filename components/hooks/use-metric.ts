"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { isLive, metricKey, metricSearch, type DashboardFilter } from "@/lib/dashboard/filter";
import { LIVE_REFRESH_MS, metricRefetchInterval } from "@/lib/dashboard/refresh";
import type { MetricData, MetricName } from "@/lib/metrics/registry";
import { fetchJson } from "./fetch-json";
import { useDashboardFilter } from "./use-dashboard-filter";

export type { MetricData, MetricName };

export interface MetricResponse<T> {
  /** the data is complete up to this instant */
  asOf: string;
  /** how far the figures lag the payments */
  behindSeconds?: number;
  /** changes the folder has yet to add */
  backlog?: number;
  timeZone: string;
  data: T;
}

/**
 * One metric for the URL's filter (or another, e.g. the August baseline).
 * The cache key is the filter as written in the URL, so "today" stays one
 * entry while its instants move with the clock on every refetch. Pages
 * prefetch their main metrics on the server under the same key.
 */
export function useMetric<N extends MetricName>(name: N, opts: { filter?: DashboardFilter; options?: Record<string, string>; enabled?: boolean } = {}) {
  const fromUrl = useDashboardFilter().filter;
  const filter = opts.filter ?? fromUrl;
  const options = opts.options ?? {};
  const live = isLive(filter);
  const query = useQuery({
    queryKey: metricKey(name, filter, options),
    queryFn: ({ signal }) => fetchJson<MetricResponse<MetricData[N]>>(`/api/metrics/${name}?${metricSearch(filter, new Date(), options)}`, signal),
    refetchInterval: (q) => metricRefetchInterval(live, q.state.data),
    // a past range does not change: no refetch on every mount or focus (nor while its answer had a backlog: the interval does it)
    staleTime: live ? LIVE_REFRESH_MS : 5 * 60_000,
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
  return { ...query, live };
}
