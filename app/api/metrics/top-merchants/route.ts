import { metricRoute } from "@/lib/http/metric-route";
import { getTopMerchants, topMerchantsQuerySchema } from "@/lib/metrics/merchants";

// names single merchants: operations only
export const GET = metricRoute("OPS", getTopMerchants, topMerchantsQuerySchema);
