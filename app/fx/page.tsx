import { FxWidgets } from "@/components/dashboard/fx-widgets";
import { OUTLIERS_OPTIONS } from "@/lib/dashboard/metric-options";
import { PageShell } from "@/components/dashboard/page-shell";
import { Prefetched } from "@/components/dashboard/prefetched";
import { atLeast } from "@/lib/auth/roles";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function FxPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/fx");
  const ops = atLeast(user.role, "OPS");
  return (
    <PageShell t={t} title={t.dash.fx.title} lead={t.dash.fx.lead} simulated={simulated} allowedDistricts={user.districts}>
      <Prefetched user={user} search={searchParams} metrics={[{ name: "fx-spreads" }, ...(ops ? [{ name: "fx-outliers" as const, options: OUTLIERS_OPTIONS }] : [])]}>
        <FxWidgets showOutliers={ops} />
      </Prefetched>
    </PageShell>
  );
}
