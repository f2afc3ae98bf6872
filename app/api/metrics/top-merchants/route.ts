import { metricRoute } from "@/lib/http/metric-route";
import { getTopMerchants, topMerchantsQuerySchema } from "@/lib/metrics/merchants";

export const GET = metricRoute(getTopMerchants, topMerchantsQuerySchema);
