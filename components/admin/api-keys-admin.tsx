"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { formatShanghai } from "@/lib/format";
import { useLocale } from "../providers";
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
  const { locale, t } = useLocale();
  const ks = t.admin.keys;
  return (
    <section className="panel" aria-label={ks.title}>
      <h2>{ks.title}</h2>
      {shown ? (
        <p className="notice" data-testid="new-key">
          {ks.copyNow} <code>{shown}</code>
        </p>
      ) : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr><th>{ks.name}</th><th>{ks.key}</th><th>{ks.wallets}</th><th>{ks.mayWrite}</th><th>{ks.created}</th><th>{ks.lastUsed}</th><th>{ks.status}</th><th /></tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td translate="no">{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.wallets.length ? k.wallets.join(", ") : t.admin.any}</td>
                <td>{k.permissions.map((p) => (p === "fx-rates" ? ks.rates : ks.payments)).join(", ")}</td>
                <td>{formatShanghai(k.createdAt, locale)}</td>
                <td>{k.lastUsedAt ? formatShanghai(k.lastUsedAt, locale) : t.admin.never}</td>
                <td>{k.revokedAt ? ks.revoked : t.admin.active}</td>
                <td>
                  {k.revokedAt ? null : (
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("DELETE", `/api/admin/api-keys/${k.id}`)}>
                      {ks.revoke}
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
        <input name="name" placeholder={ks.keyNamePlaceholder} required aria-label={ks.keyName} />
        <select name="wallet" aria-label={ks.walletScope} defaultValue="">
          <option value="">{ks.anyWallet}</option>
          {wallets.map((w) => (
            <option key={w} value={w}>{w}</option>
          ))}
        </select>
        <label title={ks.ratesHint}>
          <input type="checkbox" name="fx-rates" /> {ks.mayWriteRates}
        </label>
        <button type="submit" disabled={busy}>{ks.create}</button>
      </form>
      {error ? <p role="alert" className="form-error"><ApiErrorText error={error} /></p> : null}
    </section>
  );
}
