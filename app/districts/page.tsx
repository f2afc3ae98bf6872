import { DistrictsWidgets } from "@/components/dashboard/districts-widgets";
import { TOP_MERCHANTS_OPTIONS } from "@/lib/dashboard/metric-options";
import { PageShell } from "@/components/dashboard/page-shell";
import { Prefetched } from "@/components/dashboard/prefetched";
import { atLeast } from "@/lib/auth/roles";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function DistrictsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/districts");
  const ops = atLeast(user.role, "OPS");
  return (
    <PageShell t={t} title={t.dash.districts.title} lead={t.dash.districts.lead} simulated={simulated} allowedDistricts={user.districts} compare>
      <Prefetched user={user} search={searchParams}
        metrics={[{ name: "districts" }, { name: "venue-effects" }, ...(ops ? [{ name: "top-merchants" as const, options: TOP_MERCHANTS_OPTIONS }] : [])]}>
        <DistrictsWidgets showTopMerchants={ops} />
      </Prefetched>
    </PageShell>
  );
}
