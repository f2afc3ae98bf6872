import { OverviewWidgets } from "@/components/dashboard/overview-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { PrefetchedSlot } from "@/components/dashboard/prefetched";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/");
  return (
    <PageShell t={t} title={t.dash.overview.title} lead={t.dash.overview.lead} simulated={simulated} allowedDistricts={user.districts} compare>
      <PrefetchedSlot user={user} search={searchParams} metrics={[{ name: "adoption" }]}>
        <OverviewWidgets />
      </PrefetchedSlot>
    </PageShell>
  );
}
