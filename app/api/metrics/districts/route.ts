import { metricRoute } from "@/lib/http/metric-route";
import { getDistricts } from "@/lib/metrics/districts";

export const GET = metricRoute("OFFICIAL", getDistricts);
