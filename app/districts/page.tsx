import { DistrictsWidgets } from "@/components/dashboard/districts-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { dashboardPage } from "@/lib/dashboard/page";
import { atLeast } from "@/lib/auth/roles";

export default async function DistrictsPage() {
  const { user, t, simulated } = await dashboardPage("OFFICIAL", "/districts");
  return (
    <PageShell t={t} title={t.dash.districts.title} lead={t.dash.districts.lead} simulated={simulated} allowedDistricts={user.districts}>
      <DistrictsWidgets showTopMerchants={atLeast(user.role, "OPS")} />
    </PageShell>
  );
}
