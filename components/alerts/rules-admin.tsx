"use client";

import { useState } from "react";
import { KIND_INFO, type RuleKind } from "@/lib/alerts/rule-spec";
import { useAdminCall } from "../admin/use-admin-call";
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
  return (
    <section className="panel" aria-label="Alert rules">
      <h2>Alert rules</h2>
      <p className="muted">Evaluated from the rollups every 15 s. A rule fires after its breach has lasted the pending period, and recovers only past its recovery value for the recovery period, so a flapping metric stays one incident.</p>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <div className="table-scroll">
        <table data-testid="alert-rules">
          <thead>
            <tr><th>Rule</th><th>Fires when</th><th>Recovers</th><th>Now</th><th>Notifies</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const unit = KIND_INFO[r.kind as RuleKind]?.unit ?? "";
              const bad = KIND_INFO[r.kind as RuleKind]?.bad ?? "above";
              const active = r.states.filter((s) => s.status !== "OK");
              return (
                <tr key={r.id} data-testid={`rule-${r.name}`}>
                  <td><strong>{r.name}</strong><div className="muted">{KIND_INFO[r.kind as RuleKind]?.label}{r.groupBy ? ` per ${r.groupBy}` : ""}{r.walletCodes.length ? ` · ${r.walletCodes.join(", ")}` : ""}{r.failureCategory ? ` · ${r.failureCategory}` : ""}</div></td>
                  <td>{bad} {r.threshold} {unit} over {r.windowMinutes} min, ≥ {r.minVolume} payments, for {r.pendingSeconds} s</td>
                  <td>{bad === "above" ? "below" : "above"} {r.recoverAt} {unit} for {r.recoverySeconds} s</td>
                  <td>{!r.enabled ? "disabled" : active.length ? active.map((s) => `${s.status.toLowerCase()}: ${s.subject || "all"}`).join(", ") : "ok"}</td>
                  <td>{r.webhookUrl ? <details><summary>{r.webhookUrl.replace(/\?.*/, "?…")}</summary>signing secret <code>{r.secret}</code></details> : "–"}</td>
                  <td>
                    <button type="button" className="link-button" disabled={busy} onClick={() => call("PUT", `/api/alerts/rules/${r.id}`, { ...specOf(r), enabled: !r.enabled })}>{r.enabled ? "Disable" : "Enable"}</button>{" "}
                    <button type="button" className="link-button" onClick={() => setEditing(editing === r.id ? null : r.id)}>Edit</button>{" "}
                    <button type="button" className="link-button" disabled={busy} onClick={() => window.confirm(`Delete "${r.name}"? Its open incidents are resolved.`) && call("DELETE", `/api/alerts/rules/${r.id}`)}>Delete</button>
                    {editing === r.id ? <RuleForm wallets={wallets} editing={{ id: r.id, rule: r }} onDone={() => setEditing(null)} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>New rule</h3>
      <RuleForm wallets={wallets} />
    </section>
  );
}
