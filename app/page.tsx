import { OverviewWidgets } from "@/components/dashboard/overview-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { dashboardPage } from "@/lib/dashboard/page";

export default async function OverviewPage() {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/");
  return (
    <PageShell t={t} title={t.dash.overview.title} lead={t.dash.overview.lead} simulated={simulated} allowedDistricts={user.districts}>
      <OverviewWidgets />
    </PageShell>
  );
}
