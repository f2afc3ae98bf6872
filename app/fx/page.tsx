import { FxWidgets, Outliers } from "@/components/dashboard/fx-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { PrefetchedSlot } from "@/components/dashboard/prefetched";
import { atLeast } from "@/lib/auth/roles";
import { OUTLIERS_OPTIONS } from "@/lib/dashboard/metric-options";
import { dashboardPage, type SearchParams } from "@/lib/dashboard/page";

export default async function FxPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/fx");
  const slot = { user, search: searchParams };
  return (
    <PageShell t={t} title={t.dash.fx.title} lead={t.dash.fx.lead} simulated={simulated} allowedDistricts={user.districts}>
      <PrefetchedSlot {...slot} metrics={[{ name: "fx-spreads" }]}>
        <FxWidgets />
      </PrefetchedSlot>
      {atLeast(user.role, "OPS") ? (
        <PrefetchedSlot {...slot} metrics={[{ name: "fx-outliers", options: OUTLIERS_OPTIONS }]}>
          <Outliers />
        </PrefetchedSlot>
      ) : null}
    </PageShell>
  );
}
