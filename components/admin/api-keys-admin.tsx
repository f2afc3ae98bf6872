"use client";

import { useState } from "react";
import { useAdminCall } from "./use-admin-call";

export interface AdminKeyRow {
  id: string;
  name: string;
  prefix: string;
  wallets: string[];
  permissions: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeysAdmin({ keys, wallets }: { keys: AdminKeyRow[]; wallets: string[] }) {
  const { call, error, busy } = useAdminCall();
  const [shown, setShown] = useState<string | null>(null);
  return (
    <section className="panel" aria-label="Ingestion API keys">
      <h2>Ingestion API keys</h2>
      {shown ? (
        <p className="notice" data-testid="new-key">
          Copy this key now; it is not shown again: <code>{shown}</code>
        </p>
      ) : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr><th>Name</th><th>Key</th><th>Wallets</th><th>May write</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.wallets.length ? k.wallets.join(", ") : "any"}</td>
                <td>{k.permissions.map((p) => (p === "fx-rates" ? "reference rates" : "payments")).join(", ")}</td>
                <td>{new Date(k.createdAt).toLocaleString()}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
                <td>{k.revokedAt ? "revoked" : "active"}</td>
                <td>
                  {k.revokedAt ? null : (
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("DELETE", `/api/admin/api-keys/${k.id}`)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const wallet = String(f.get("wallet") ?? "");
          const permissions = ["transactions", ...(f.get("fx-rates") ? ["fx-rates"] : [])];
          const created = await call<{ key: string }>("POST", "/api/admin/api-keys", { name: f.get("name"), wallets: wallet ? [wallet] : [], permissions });
          if (created) setShown(created.key);
        }}
      >
        <input name="name" placeholder="key name" required aria-label="Key name" />
        <select name="wallet" aria-label="Wallet scope" defaultValue="">
          <option value="">any wallet</option>
          {wallets.map((w) => (
            <option key={w} value={w}>{w}</option>
          ))}
        </select>
        <label title="Reference mid rates move every spread; a key limited to a wallet may write only that wallet's currency">
          <input type="checkbox" name="fx-rates" /> may write reference rates
        </label>
        <button type="submit" disabled={busy}>Create key</button>
      </form>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
    </section>
  );
}
