import { OperationsWidgets } from "@/components/dashboard/operations-widgets";
import { FAILURES_OPTIONS } from "@/lib/dashboard/metric-options";
import { PageShell } from "@/components/dashboard/page-shell";
import { Prefetched } from "@/components/dashboard/prefetched";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function OperationsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OPS", "/operations");
  return (
    <PageShell t={t} title={t.dash.ops.title} lead={t.dash.ops.lead} simulated={simulated} allowedDistricts={user.districts}>
      <Prefetched user={user} search={searchParams} metrics={[{ name: "operations" }, { name: "failures", options: FAILURES_OPTIONS }]}>
        <OperationsWidgets />
      </Prefetched>
    </PageShell>
  );
}
