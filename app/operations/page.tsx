import { OperationsWidgets } from "@/components/dashboard/operations-widgets";
import { PageShell } from "@/components/dashboard/page-shell";
import { dashboardPage } from "@/lib/dashboard/page";

export default async function OperationsPage() {
  const { user, t, simulated } = await dashboardPage("OPS", "/operations");
  return (
    <PageShell t={t} title={t.dash.ops.title} lead={t.dash.ops.lead} simulated={simulated} allowedDistricts={user.districts}>
      <OperationsWidgets />
    </PageShell>
  );
}
