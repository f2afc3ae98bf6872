"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { KIND_INFO, type RuleKind } from "@/lib/alerts/rule-spec";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useAdminCall } from "../admin/use-admin-call";
import { useLocale } from "../providers";
import { RuleForm } from "./rule-form";

export interface RuleRow {
  id: string;
  name: string;
  kind: string;
  groupBy: string | null;
  walletCodes: string[];
  districtCodes: string[];
  failureCategory: string | null;
  windowMinutes: number;
  threshold: number;
  recoverAt: number;
  minVolume: number;
  pendingSeconds: number;
  recoverySeconds: number;
  webhookUrl: string | null;
  secret: string;
  enabled: boolean;
  states: { subject: string; status: string; lastValue: number | null }[];
}

const specOf = (r: RuleRow) => ({
  name: r.name, kind: r.kind, groupBy: r.groupBy, wallets: r.walletCodes, districts: r.districtCodes, failureCategory: r.failureCategory,
  windowMinutes: r.windowMinutes, threshold: r.threshold, recoverAt: r.recoverAt, minVolume: r.minVolume,
  pendingSeconds: r.pendingSeconds, recoverySeconds: r.recoverySeconds, webhookUrl: r.webhookUrl, enabled: r.enabled,
});

export function RulesAdmin({ rules, wallets }: { rules: RuleRow[]; wallets: { code: string; name: string }[] }) {
  const { call, error, busy } = useAdminCall();
  const [editing, setEditing] = useState<string | null>(null);
  const { t } = useLocale();
  const a = t.admin;
  const rl = a.rules;
  return (
    <section className="panel" aria-label={rl.title}>
      <h2>{rl.title}</h2>
      <p className="muted">{rl.lead}</p>
      {error ? <p role="alert" className="form-error"><ApiErrorText error={error} /></p> : null}
      <div className="table-scroll">
        <table data-testid="alert-rules">
          <thead>
            <tr><th>{rl.rule}</th><th>{rl.firesWhen}</th><th>{rl.recovers}</th><th>{rl.now}</th><th>{rl.notifies}</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const info = KIND_INFO[r.kind as RuleKind];
              const unit = info ? rl.units[info.unit] : "";
              const bad = info?.bad ?? "above";
              const active = r.states.filter((s) => s.status !== "OK");
              return (
                <tr key={r.id} data-testid={`rule-${r.name}`}>
                  <td>
                    <strong translate="no">{r.name}</strong>
                    <div className="muted">
                      {rl.kinds[r.kind as RuleKind] ?? r.kind}{r.groupBy ? fill(rl.per, { group: rl.groups[r.groupBy as keyof typeof rl.groups] ?? r.groupBy }) : ""}
                      {r.walletCodes.length ? ` · ${r.walletCodes.join(", ")}` : ""}{r.failureCategory ? ` · ${rl.categories[r.failureCategory as keyof typeof rl.categories] ?? r.failureCategory}` : ""}
                    </div>
                  </td>
                  <td>{fill(rl.firesText, { bad: rl[bad], threshold: r.threshold, unit, window: r.windowMinutes, min: r.minVolume, pending: r.pendingSeconds })}</td>
                  <td>{fill(rl.recoversText, { good: rl[bad === "above" ? "below" : "above"], recoverAt: r.recoverAt, unit, seconds: r.recoverySeconds })}</td>
                  <td>{!r.enabled ? a.disabled : active.length ? active.map((s) => `${rl.state[s.status as keyof typeof rl.state] ?? s.status}: ${s.subject || rl.all}`).join(", ") : rl.ok}</td>
                  <td>{r.webhookUrl ? <details><summary translate="no">{r.webhookUrl.replace(/\?.*/, "?…")}</summary>{rl.signingSecret} <code>{r.secret}</code></details> : "–"}</td>
                  <td>
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("PUT", `/api/alerts/rules/${r.id}`, { ...specOf(r), enabled: !r.enabled })}>{r.enabled ? a.disable : a.enable}</button>{" "}
                    <button type="button" className="link-button" onClick={() => setEditing(editing === r.id ? null : r.id)}>{a.edit}</button>{" "}
                    <button type="button" className="link-button" disabled={busy} onClick={() => window.confirm(fill(rl.confirmDelete, { name: r.name })) && call("DELETE", `/api/alerts/rules/${r.id}`)}>{a.delete}</button>
                    {editing === r.id ? <RuleForm wallets={wallets} editing={{ id: r.id, rule: r }} onDone={() => setEditing(null)} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{rl.newRule}</h3>
      <RuleForm wallets={wallets} />
    </section>
  );
}
