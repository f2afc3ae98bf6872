import { PageShell } from "@/components/dashboard/page-shell";
import { TransactionsExplorer } from "@/components/dashboard/transactions-explorer";
import { dashboardPage } from "@/lib/dashboard/page";

export default async function TransactionsPage() {
  const { user, t, simulated } = await dashboardPage("OPS", "/transactions");
  return (
    <PageShell t={t} title={t.dash.tx.title} lead={t.dash.tx.lead} simulated={simulated} allowedDistricts={user.districts}>
      <TransactionsExplorer />
    </PageShell>
  );
}
