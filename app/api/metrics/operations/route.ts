import { metricRoute } from "@/lib/http/metric-route";
import { getOperations } from "@/lib/metrics/operations";

export const GET = metricRoute("OPS", getOperations);
