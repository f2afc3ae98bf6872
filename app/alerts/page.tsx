import { connection } from "next/server";
import { AnnotationsPanel } from "@/components/alerts/annotations-panel";
import { IncidentList } from "@/components/alerts/incident-list";
import { RulesAdmin, type RuleRow } from "@/components/alerts/rules-admin";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/locale";
import { listRulesWithStates } from "@/lib/alerts/rules";
import { referenceData } from "@/lib/reference/data";

export async function generateMetadata() {
  const { t } = await currentLocale();
  return { title: `${t.nav.alerts} · ${t.appName}` };
}

export default async function AlertsPage() {
  await connection();
  await requirePageUser("OPS", "/alerts");
  const [rules, { locale, t }]: [RuleRow[], Awaited<ReturnType<typeof currentLocale>>] = await Promise.all([listRulesWithStates(getDb()), currentLocale()]);
  const a = t.admin.alerts;
  const wallets = referenceData().wallets.map((w) => ({ code: w.code, name: locale === "zh" ? w.nameZh : w.name }));
  return (
    <main className="shell admin">
      <h1>{a.pageTitle}</h1>
      <section className="panel" aria-label={a.incidents}>
        <h2>{a.incidents}</h2>
        <IncidentList status="all" timeline />
      </section>
      <RulesAdmin rules={rules} wallets={wallets} />
      <AnnotationsPanel wallets={wallets} />
    </main>
  );
}
