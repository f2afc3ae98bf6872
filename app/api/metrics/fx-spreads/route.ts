import { metricRoute } from "@/lib/http/metric-route";
import { getFxSpreads } from "@/lib/metrics/fx-spreads";

export const GET = metricRoute("OFFICIAL", getFxSpreads);
