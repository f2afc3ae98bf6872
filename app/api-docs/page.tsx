import { connection } from "next/server";
import { ApiDocs } from "@/components/api-docs";
import { requirePageUser } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/http/openapi";
import { currentLocale } from "@/lib/i18n/locale";

export async function generateMetadata() {
  const { t } = await currentLocale();
  return { title: `API · ${t.appName}` };
}

export default async function ApiDocsPage() {
  await connection();
  await requirePageUser("OFFICIAL", "/api-docs");
  const { t } = await currentLocale();
  return (
    <main className="shell">
      <h1>{t.apiDocs.title}</h1>
      <p className="muted">{t.apiDocs.lead} <a href="/api/openapi.json">/api/openapi.json</a></p>
      <section className="panel api-docs" data-testid="api-docs">
        <ApiDocs spec={openApiDocument()} />
      </section>
    </main>
  );
}
