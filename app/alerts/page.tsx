import { connection } from "next/server";
import { AnnotationsPanel } from "@/components/alerts/annotations-panel";
import { IncidentList } from "@/components/alerts/incident-list";
import { RulesAdmin, type RuleRow } from "@/components/alerts/rules-admin";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listRulesWithStates } from "@/lib/alerts/rules";
import { referenceData } from "@/lib/reference/data";

export const metadata = { title: "Alerts · Hangzhou Pay Monitor" };

export default async function AlertsPage() {
  await connection();
  await requirePageUser("OPS", "/alerts");
  const rules: RuleRow[] = await listRulesWithStates(getDb());
  const wallets = referenceData().wallets.map((w) => ({ code: w.code, name: w.name }));
  return (
    <main className="shell admin">
      <h1>Alerts and incidents</h1>
      <section className="panel" aria-label="Incidents">
        <h2>Incidents</h2>
        <IncidentList status="all" timeline />
      </section>
      <RulesAdmin rules={rules} wallets={wallets} />
      <AnnotationsPanel wallets={wallets} />
    </main>
  );
}
