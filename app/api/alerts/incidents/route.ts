import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { reasonsOf } from "@/lib/http/metric-route";
import { incidentListSchema, listIncidents } from "@/lib/alerts/incidents";
import { requestLocale } from "@/lib/i18n/locale";

// Open incidents (or the latest of all) with their timelines; refreshed by the operations page.
export const GET = apiRoute("OPS", async ({ request, db }) => {
  const q = incidentListSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success) throw new HttpError(400, "invalid_query", `The query is invalid: ${reasonsOf(q.error).join("; ")}.`);
  return Response.json({ asOf: new Date().toISOString(), incidents: await listIncidents(db, q.data, requestLocale(request).locale) }, { headers: { "cache-control": "no-store" } });
});
