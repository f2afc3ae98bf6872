import Link from "next/link";
import { connection } from "next/server";
import { ReportsAdmin, type ReportRow } from "@/components/admin/reports-admin";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { referenceData } from "@/lib/reference/data";
import { listSchedules, schedulableTables } from "@/lib/reports/schedules";

export const metadata = { title: "Scheduled reports · Hangzhou Pay Monitor" };

export default async function ReportsPage() {
  await connection();
  await requirePageUser("ADMIN", "/admin/reports");
  const schedules = await listSchedules(getDb());
  const ref = referenceData();
  const reports: ReportRow[] = schedules.map((s) => ({
    ...s,
    runs: s.runs.map((r) => ({
      ...r,
      scheduledFor: r.scheduledFor.toISOString(),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  }));
  return (
    <main className="shell admin">
      <h1>Administration</h1>
      <nav className="sub-nav" aria-label="Administration">
        <Link href="/admin">Users, keys and audit log</Link>
        <Link href="/admin/reports" aria-current="page">Scheduled reports</Link>
      </nav>
      <ReportsAdmin
        reports={reports}
        choices={{
          tables: schedulableTables(),
          wallets: ref.wallets.map((w) => ({ code: w.code, name: w.name })),
          districts: ref.districts.filter((d) => d.current).map((d) => ({ code: d.code, name: d.nameEn })),
          venues: ref.venues.map((v) => ({ code: v.code, name: v.nameEn })),
        }}
      />
    </main>
  );
}
