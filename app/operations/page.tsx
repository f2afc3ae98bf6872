import { LatestFailures, OperationsWidgets } from "@/components/dashboard/operations-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { PrefetchedSlot } from "@/components/dashboard/prefetched";
import { FAILURES_OPTIONS } from "@/lib/dashboard/metric-options";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function OperationsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OPS", "/operations");
  const slot = { user, search: searchParams };
  return (
    <PageShell t={t} title={t.dash.ops.title} lead={t.dash.ops.lead} simulated={simulated} allowedDistricts={user.districts}>
      <PrefetchedSlot {...slot} metrics={[{ name: "operations" }]}>
        <OperationsWidgets />
      </PrefetchedSlot>
      <PrefetchedSlot {...slot} metrics={[{ name: "failures", options: FAILURES_OPTIONS }]}>
        <LatestFailures />
      </PrefetchedSlot>
    </PageShell>
  );
}
