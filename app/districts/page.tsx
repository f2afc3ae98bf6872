import { DistrictsWidgets, TopMerchants, VenueEffects } from "@/components/dashboard/districts-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { PrefetchedSlot } from "@/components/dashboard/prefetched";
import { atLeast } from "@/lib/auth/roles";
import { TOP_MERCHANTS_OPTIONS } from "@/lib/dashboard/metric-options";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function DistrictsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/districts");
  const slot = { user, search: searchParams };
  return (
    <PageShell t={t} title={t.dash.districts.title} lead={t.dash.districts.lead} simulated={simulated} allowedDistricts={user.districts} compare>
      <PrefetchedSlot {...slot} metrics={[{ name: "districts" }]}>
        <DistrictsWidgets />
      </PrefetchedSlot>
      <PrefetchedSlot {...slot} metrics={[{ name: "venue-effects" }]}>
        <VenueEffects />
      </PrefetchedSlot>
      {atLeast(user.role, "OPS") ? (
        <PrefetchedSlot {...slot} metrics={[{ name: "top-merchants", options: TOP_MERCHANTS_OPTIONS }]}>
          <TopMerchants />
        </PrefetchedSlot>
      ) : null}
    </PageShell>
  );
}
