import "server-only";
import { QueryClient, dehydrate, type DehydratedState } from "@tanstack/react-query";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db";
import { runMetric } from "../http/metric-route";
import type { MetricName } from "../metrics/registry";
import { metricKey, metricSearch, parseDashboardFilter } from "./filter";

export interface Wanted {
  name: MetricName;
  options?: Record<string, string>;
}

/**
 * A page's main metrics computed while it renders, under the keys its hooks
 * use, so the first HTML already holds the figures and the browser does not
 * wait for JavaScript and a second round trip before drawing. A metric that
 * fails is left out; the widget then asks the API and shows its reason.
 */
export async function prefetchMetrics(user: SessionUser, search: URLSearchParams, wanted: Wanted[]): Promise<DehydratedState> {
  const { filter } = parseDashboardFilter(search);
  const client = new QueryClient();
  const now = new Date();
  await Promise.all(
    wanted.map(({ name, options = {} }) =>
      client.prefetchQuery({
        queryKey: metricKey(name, filter, options),
        queryFn: async () => {
          const { live: _live, ...answer } = await runMetric(name, new URLSearchParams(metricSearch(filter, now, options)), user, getDb());
          return answer;
        },
      }),
    ),
  );
  return dehydrate(client);
}
