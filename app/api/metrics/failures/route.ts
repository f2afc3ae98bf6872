import { metricRoute } from "@/lib/http/metric-route";
import { getRecentFailures, failuresQuerySchema } from "@/lib/metrics/drill-down";

export const GET = metricRoute(getRecentFailures, failuresQuerySchema);
