import { exportMetric } from "@/lib/export/metric-export";
import { apiRoute } from "@/lib/http/api-route";
import { requestLocale } from "@/lib/i18n/locale";

// Any signed-in user; the metric's own role is checked by runMetric, as for the API.
export const GET = apiRoute("OFFICIAL", async ({ request, db, user, params, ip }) => {
  const file = await exportMetric(db, user, params.metric ?? "", new URL(request.url).searchParams, requestLocale(request), ip);
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
      "x-export-rows": String(file.rows),
    },
  });
});
