import { metricRoute } from "@/lib/http/metric-route";
import { getAdoption } from "@/lib/metrics/adoption";

export const GET = metricRoute("OFFICIAL", getAdoption);
