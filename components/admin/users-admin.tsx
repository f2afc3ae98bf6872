"use client";

import { ApiErrorText } from "../api-error-text";
import type { Role } from "@/lib/auth/roles";
import { formatShanghai } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import { districtName } from "@/lib/dashboard/labels";
import { useLocale } from "../providers";
import { useAdminCall } from "./use-admin-call";

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  districts: string[];
  disabled: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
}

export function UsersAdmin({ users, districts, selfId }: { users: AdminUserRow[]; districts: string[]; selfId: string }) {
  const { call, error, busy } = useAdminCall();
  const { locale, t } = useLocale();
  const us = t.admin.users;
  const roleOptions = (["OFFICIAL", "OPS", "ADMIN"] as const).map((r) => <option key={r} value={r}>{us.roles[r]}</option>);
  return (
    <section className="panel" aria-label={us.title}>
      <h2>{us.title}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>{us.email}</th><th>{us.name}</th><th>{us.role}</th><th>{us.districts}</th><th>{us.status}</th><th>{us.lastSignIn}</th><th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td translate="no">{u.email}</td>
                <td translate="no">{u.name}</td>
                <td>
                  <select
                    aria-label={fill(us.roleOf, { email: u.email })}
                    defaultValue={u.role}
                    disabled={busy || u.id === selfId}
                    onChange={(e) => call("PATCH", `/api/admin/users/${u.id}`, { role: e.target.value })}
                  >
                    {roleOptions}
                  </select>
                </td>
                <td>{u.districts.length ? u.districts.map((d) => districtName(d, locale)).join(", ") : us.all}</td>
                <td>{u.disabled ? t.admin.disabled : u.lockedUntil ? fill(us.lockedUntil, { at: formatShanghai(u.lockedUntil, locale) }) : t.admin.active}</td>
                <td>{u.lastSignInAt ? formatShanghai(u.lastSignInAt, locale) : t.admin.never}</td>
                <td>
                  {u.id === selfId ? null : (
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("PATCH", `/api/admin/users/${u.id}`, { disabled: !u.disabled })}>
                      {u.disabled ? t.admin.enable : t.admin.disable}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{us.add}</h3>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const password = String(f.get("password") ?? "");
          const district = String(f.get("district") ?? "");
          const ok = await call("POST", "/api/admin/users", {
            email: f.get("email"),
            name: f.get("name"),
            role: f.get("role"),
            districts: district ? [district] : [],
            ...(password ? { password } : {}),
          });
          if (ok) e.currentTarget.reset();
        }}
      >
        <input name="email" type="email" placeholder={us.emailPlaceholder} required aria-label={us.email} />
        <input name="name" placeholder={us.namePlaceholder} required aria-label={us.name} />
        <select name="role" aria-label={us.role} defaultValue="OFFICIAL">
          {roleOptions}
        </select>
        <select name="district" aria-label={us.scope} defaultValue="">
          <option value="">{us.allDistricts}</option>
          {districts.map((d) => (
            <option key={d} value={d}>{districtName(d, locale)}</option>
          ))}
        </select>
        <input name="password" type="password" placeholder={us.passwordPlaceholder} aria-label={us.password} autoComplete="new-password" />
        <button type="submit" disabled={busy}>{us.submit}</button>
      </form>
      {error ? <p role="alert" className="form-error"><ApiErrorText error={error} /></p> : null}
    </section>
  );
}
