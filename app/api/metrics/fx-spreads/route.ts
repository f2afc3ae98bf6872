import { metricRoute } from "@/lib/http/metric-route";

export const GET = metricRoute("fx-spreads");
