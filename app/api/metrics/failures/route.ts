import { metricRoute } from "@/lib/http/metric-route";
import { failuresQuerySchema, getRecentFailures } from "@/lib/metrics/drill-down";

// single payments: operations only
export const GET = metricRoute("OPS", getRecentFailures, failuresQuerySchema);
