import { metricRoute } from "@/lib/http/metric-route";
import { getFxOutliers, outliersQuerySchema } from "@/lib/metrics/drill-down";

export const GET = metricRoute(getFxOutliers, outliersQuerySchema);
