import { metricRoute } from "@/lib/http/metric-route";
import { getVenueEffects, venueEffectsQuerySchema } from "@/lib/metrics/merchants";

export const GET = metricRoute("OFFICIAL", getVenueEffects, venueEffectsQuerySchema);
