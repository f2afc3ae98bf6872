import { FxWidgets } from "@/components/dashboard/fx-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { dashboardPage } from "@/lib/dashboard/page";
import { atLeast } from "@/lib/auth/roles";

export default async function FxPage() {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/fx");
  return (
    <PageShell t={t} title={t.dash.fx.title} lead={t.dash.fx.lead} simulated={simulated} allowedDistricts={user.districts}>
      <FxWidgets showOutliers={atLeast(user.role, "OPS")} />
    </PageShell>
  );
}
