import Link from "next/link";
import { connection } from "next/server";
import { ApiKeysAdmin } from "@/components/admin/api-keys-admin";
import { UsersAdmin } from "@/components/admin/users-admin";
import { listApiKeys } from "@/lib/auth/api-keys";
import { AUDIT_ACTIONS, listAudit, type AuditAction } from "@/lib/auth/audit";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { formatShanghai } from "@/lib/format";
import { referenceData } from "@/lib/reference/data";

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await connection();
  const me = await requirePageUser("ADMIN", "/admin");
  const q = await searchParams;
  const action = AUDIT_ACTIONS.includes(q.action as AuditAction) ? (q.action as AuditAction) : undefined;
  const db = getDb();
  const [users, keys, entries] = await Promise.all([
    listUsers(db),
    listApiKeys(db),
    listAudit(db, { action, actor: q.actor?.slice(0, 254) || undefined, limit: 200 }),
  ]);
  const ref = referenceData();
  return (
    <main className="shell admin">
      <h1>Administration</h1>
      <nav className="sub-nav" aria-label="Administration">
        <Link href="/admin" aria-current="page">Users, keys and audit log</Link>
        <Link href="/admin/reports">Scheduled reports</Link>
      </nav>
      <UsersAdmin users={users} districts={ref.districts.filter((d) => d.current).map((d) => d.code)} selfId={me.id} />
      <ApiKeysAdmin keys={keys} wallets={ref.wallets.map((w) => w.code)} />
      <section className="panel" aria-label="Audit log">
        <h2>Audit log</h2>
        <form className="inline-form" method="get">
          <select name="action" defaultValue={action ?? ""} aria-label="Action">
            <option value="">every action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
          <input name="actor" placeholder="e-mail contains" defaultValue={q.actor ?? ""} aria-label="Actor" />
          <button type="submit">Filter</button>
        </form>
        <div className="table-scroll">
          <table data-testid="audit-log">
            <thead>
              <tr><th>When (Asia/Shanghai)</th><th>Who</th><th>Action</th><th>Target</th><th>Address</th><th>Detail</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatShanghai(e.at)}</td>
                  <td>{e.actorEmail ?? "–"}</td>
                  <td>{e.action}</td>
                  <td>{e.target ?? ""}</td>
                  <td>{e.ip ?? ""}</td>
                  <td><code>{e.detail ? JSON.stringify(e.detail) : ""}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
