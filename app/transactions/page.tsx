import { PageShell } from "@/components/dashboard/page-shell";
import { PrefetchedSlot } from "@/components/dashboard/prefetched";
import { TransactionsExplorer } from "@/components/dashboard/transactions-explorer";
import { explorerOptions } from "@/lib/dashboard/metric-options";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function TransactionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OPS", "/transactions");
  return (
    <PageShell t={t} title={t.dash.tx.title} lead={t.dash.tx.lead} simulated={simulated} allowedDistricts={user.districts}>
      <PrefetchedSlot user={user} search={searchParams} metrics={(params) => [{ name: "transactions", options: explorerOptions(params) }]}>
        <TransactionsExplorer />
      </PrefetchedSlot>
    </PageShell>
  );
}
