import Link from "next/link";
import { connection } from "next/server";
import { ReportsAdmin, type ReportRow } from "@/components/admin/reports-admin";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/locale";
import { referenceData } from "@/lib/reference/data";
import { listSchedules, schedulableTables } from "@/lib/reports/schedules";

export async function generateMetadata() {
  const { t } = await currentLocale();
  return { title: `${t.admin.admin.reportsNav} · ${t.appName}` };
}

export default async function ReportsPage() {
  await connection();
  await requirePageUser("ADMIN", "/admin/reports");
  const [schedules, { locale, t }] = await Promise.all([listSchedules(getDb()), currentLocale()]);
  const a = t.admin.admin;
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
      <h1>{a.title}</h1>
      <nav className="sub-nav" aria-label={a.title}>
        <Link href="/admin">{a.usersNav}</Link>
        <Link href="/admin/reports" aria-current="page">{a.reportsNav}</Link>
      </nav>
      <ReportsAdmin
        reports={reports}
        choices={{
          tables: schedulableTables(),
          wallets: ref.wallets.map((w) => ({ code: w.code, name: locale === "zh" ? w.nameZh : w.name })),
          districts: ref.districts.filter((d) => d.current).map((d) => ({ code: d.code, name: locale === "zh" ? d.nameZh : d.nameEn })),
          venues: ref.venues.map((v) => ({ code: v.code, name: locale === "zh" ? v.nameZh : v.nameEn })),
        }}
      />
    </main>
  );
}
