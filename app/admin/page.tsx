import Link from "next/link";
import { connection } from "next/server";
import { ApiKeysAdmin } from "@/components/admin/api-keys-admin";
import { UsersAdmin } from "@/components/admin/users-admin";
import { listApiKeys } from "@/lib/auth/api-keys";
import { AUDIT_ACTIONS, listAudit, type AuditAction } from "@/lib/auth/audit";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { currentLocale } from "@/lib/i18n/locale";
import { formatShanghai } from "@/lib/format";
import { referenceData } from "@/lib/reference/data";

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await connection();
  const me = await requirePageUser("ADMIN", "/admin");
  const q = await searchParams;
  const action = AUDIT_ACTIONS.includes(q.action as AuditAction) ? (q.action as AuditAction) : undefined;
  const db = getDb();
  const [users, keys, entries, { locale, t }] = await Promise.all([
    listUsers(db),
    listApiKeys(db),
    listAudit(db, { action, actor: q.actor?.slice(0, 254) || undefined, limit: 200 }),
    currentLocale(),
  ]);
  const { admin: a, audit: au } = t.admin;
  const ref = referenceData();
  return (
    <main className="shell admin">
      <h1>{a.title}</h1>
      <nav className="sub-nav" aria-label={a.title}>
        <Link href="/admin" aria-current="page">{a.usersNav}</Link>
        <Link href="/admin/reports">{a.reportsNav}</Link>
      </nav>
      <UsersAdmin users={users} districts={ref.districts.filter((d) => d.current).map((d) => d.code)} selfId={me.id} />
      <ApiKeysAdmin keys={keys} wallets={ref.wallets.map((w) => w.code)} />
      <section className="panel" aria-label={au.title}>
        <h2>{au.title}</h2>
        <form className="inline-form" method="get">
          <select name="action" defaultValue={action ?? ""} aria-label={au.action}>
            <option value="">{au.everyAction}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>{au.actions[a]}</option>
            ))}
          </select>
          <input name="actor" placeholder={au.actorPlaceholder} defaultValue={q.actor ?? ""} aria-label={au.actor} />
          <button type="submit">{au.filter}</button>
        </form>
        <div className="table-scroll">
          <table data-testid="audit-log">
            <thead>
              <tr><th>{au.when}</th><th>{au.who}</th><th>{au.action}</th><th>{au.target}</th><th>{au.address}</th><th>{au.detail}</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatShanghai(e.at, locale)}</td>
                  <td translate="no">{e.actorEmail ?? "–"}</td>
                  <td>{au.actions[e.action as AuditAction] ?? e.action}</td>
                  <td translate="no">{e.target ?? ""}</td>
                  <td>{e.ip ?? ""}</td>
                  <td><code translate="no">{e.detail ? JSON.stringify(e.detail) : ""}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
