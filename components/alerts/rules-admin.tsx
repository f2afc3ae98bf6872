"use client";

import { useState } from "react";
import { KIND_INFO, RULE_KINDS, FAILURE_CATEGORIES, type RuleKind } from "@/lib/alerts/rule-spec";
import { useAdminCall } from "../admin/use-admin-call";

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
  const [kind, setKind] = useState<RuleKind>("failure_rate");
  const info = KIND_INFO[kind];
  return (
    <section className="panel" aria-label="Alert rules">
      <h2>Alert rules</h2>
      <p className="muted">Evaluated from the rollups every 15 s. A rule fires after its breach has lasted the pending period, and recovers only past its recovery value for the recovery period, so a flapping metric stays one incident.</p>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
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
                  <button type="button" className="link-button" disabled={busy} onClick={() => window.confirm(`Delete "${r.name}"? Its open incidents are resolved.`) && call("DELETE", `/api/alerts/rules/${r.id}`)}>Delete</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>New rule</h3>
      <form
        className="report-form"
        aria-label="New alert rule"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const num = (k: string) => Number(f.get(k));
          const ok = await call("POST", "/api/alerts/rules", {
            name: String(f.get("name")),
            kind,
            groupBy: f.get("groupBy") || null,
            wallets: f.get("wallet") ? [String(f.get("wallet"))] : [],
            failureCategory: kind === "failure_rate" && f.get("failureCategory") ? String(f.get("failureCategory")) : null,
            windowMinutes: num("windowMinutes"),
            threshold: num("threshold"),
            ...(f.get("recoverAt") ? { recoverAt: num("recoverAt") } : {}),
            minVolume: num("minVolume"),
            pendingSeconds: num("pendingSeconds"),
            recoverySeconds: num("recoverySeconds"),
            webhookUrl: String(f.get("webhookUrl") ?? ""),
          });
          if (ok) form.reset();
        }}
      >
        <label>Name <input name="name" required maxLength={100} /></label>
        <label>Measure <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>{RULE_KINDS.map((k) => <option key={k} value={k}>{KIND_INFO[k].label}</option>)}</select></label>
        <label>One incident per <select name="groupBy" defaultValue="wallet"><option value="wallet">wallet</option><option value="district">district</option><option value="">rule (all together)</option></select></label>
        <label>Wallet <select name="wallet" defaultValue=""><option value="">any</option>{wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}</select></label>
        {kind === "failure_rate" ? (
          <label>Failure category <select name="failureCategory" defaultValue=""><option value="">any failure</option>{FAILURE_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}</select></label>
        ) : null}
        <label>Window (minutes) <input name="windowMinutes" type="number" min={1} max={1440} defaultValue={5} required /></label>
        <label>Fires {info.bad} ({info.unit}) <input name="threshold" type="number" step="any" min={0} required defaultValue={kind === "failure_rate" ? 20 : undefined} /></label>
        <label>Recovers {info.bad === "above" ? "below" : "above"} (default {info.bad === "above" ? "80%" : "120%"} of it) <input name="recoverAt" type="number" step="any" min={0} /></label>
        <label>Minimum payments in the window <input name="minVolume" type="number" min={0} defaultValue={20} required /></label>
        <label>Pending (seconds) <input name="pendingSeconds" type="number" min={0} max={3600} defaultValue={60} required /></label>
        <label>Recovery (seconds) <input name="recoverySeconds" type="number" min={0} max={3600} defaultValue={300} required /></label>
        <label className="wide">Webhook URL (JSON, signed) <input name="webhookUrl" placeholder="https://chat.example/hooks/…" /></label>
        <div className="wide"><button type="submit" disabled={busy}>Create rule</button></div>
      </form>
    </section>
  );
}
