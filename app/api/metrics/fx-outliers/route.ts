import { metricRoute } from "@/lib/http/metric-route";
import { getFxOutliers, outliersQuerySchema } from "@/lib/metrics/drill-down";

// single payments: operations only
export const GET = metricRoute("OPS", getFxOutliers, outliersQuerySchema);
