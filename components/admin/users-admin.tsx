"use client";

import type { Role } from "@/lib/auth/roles";
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
  return (
    <section className="panel" aria-label="Users">
      <h2>Users</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>E-mail</th><th>Name</th><th>Role</th><th>Districts</th><th>Status</th><th>Last sign-in</th><th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    defaultValue={u.role}
                    disabled={busy || u.id === selfId}
                    onChange={(e) => call("PATCH", `/api/admin/users/${u.id}`, { role: e.target.value })}
                  >
                    <option value="OFFICIAL">official</option>
                    <option value="OPS">ops</option>
                    <option value="ADMIN">admin</option>
                  </select>
                </td>
                <td>{u.districts.length ? u.districts.join(", ") : "all"}</td>
                <td>{u.disabled ? "disabled" : u.lockedUntil ? `locked until ${new Date(u.lockedUntil).toLocaleTimeString()}` : "active"}</td>
                <td>{u.lastSignInAt ? new Date(u.lastSignInAt).toLocaleString() : "never"}</td>
                <td>
                  {u.id === selfId ? null : (
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("PATCH", `/api/admin/users/${u.id}`, { disabled: !u.disabled })}>
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Add a user</h3>
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
        <input name="email" type="email" placeholder="e-mail" required aria-label="E-mail" />
        <input name="name" placeholder="name" required aria-label="Name" />
        <select name="role" aria-label="Role" defaultValue="OFFICIAL">
          <option value="OFFICIAL">official</option>
          <option value="OPS">ops</option>
          <option value="ADMIN">admin</option>
        </select>
        <select name="district" aria-label="District scope" defaultValue="">
          <option value="">all districts</option>
          {districts.map((d) => (
            <option key={d} value={d}>{d}</option>
          ))}
        </select>
        <input name="password" type="password" placeholder="password (12+; empty for SSO)" aria-label="Password" autoComplete="new-password" />
        <button type="submit" disabled={busy}>Add</button>
      </form>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
    </section>
  );
}
