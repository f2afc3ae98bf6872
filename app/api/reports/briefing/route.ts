import { buildBriefing } from "@/lib/export/briefing";
import { apiRoute } from "@/lib/http/api-route";
import { requestLocale } from "@/lib/i18n/locale";
import { isLocale, messages } from "@/lib/i18n/messages";

// The officials' PDF briefing for a filter; `lang=en|zh` overrides the reader's language.
export const GET = apiRoute("OFFICIAL", async ({ request, db, user, ip }) => {
  const query = new URL(request.url).searchParams;
  const asked = query.get("lang");
  query.delete("lang");
  const lang = isLocale(asked) ? { locale: asked, t: messages[asked] } : requestLocale(request);
  const { pdf, fileName } = await buildBriefing(db, user, query, lang, ip);
  return new Response(new Uint8Array(pdf), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
