"use client";

import { useState } from "react";
import { FAILURE_CATEGORIES, KIND_INFO, RULE_KINDS, type RuleKind } from "@/lib/alerts/rule-spec";
import { useAdminCall } from "../admin/use-admin-call";
import type { RuleRow } from "./rules-admin";

/** A new alert rule, or an existing one to change (`editing`); the server checks it again and says what is wrong. */
export function RuleForm({ wallets, editing, onDone }: { wallets: { code: string; name: string }[]; editing?: { id: string; rule: RuleRow }; onDone?: () => void }) {
  const { call, error, busy } = useAdminCall();
  const r = editing?.rule;
  const [kind, setKind] = useState<RuleKind>((r?.kind as RuleKind) ?? "failure_rate");
  const info = KIND_INFO[kind];
  return (
    <>
      <form
        className="report-form"
        aria-label={editing ? `Edit ${editing.rule.name}` : "New alert rule"}
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const num = (k: string) => Number(f.get(k));
          const ok = await call(editing ? "PUT" : "POST", editing ? `/api/alerts/rules/${editing.id}` : "/api/alerts/rules", {
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
            enabled: editing ? editing.rule.enabled : true,
          });
          if (ok && !editing) form.reset();
          if (ok) onDone?.();
        }}
      >
        <label>Name <input name="name" required maxLength={100} defaultValue={r?.name} /></label>
        <label>Measure <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>{RULE_KINDS.map((k) => <option key={k} value={k}>{KIND_INFO[k].label}</option>)}</select></label>
        <label>One incident per <select name="groupBy" defaultValue={r ? (r.groupBy ?? "") : "wallet"}><option value="wallet">wallet</option><option value="district">district</option><option value="">rule (all together)</option></select></label>
        <label>Wallet <select name="wallet" defaultValue={r?.walletCodes[0] ?? ""}><option value="">any</option>{wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}</select></label>
        {kind === "failure_rate" ? (
          <label>Failure category <select name="failureCategory" defaultValue={r?.failureCategory ?? ""}><option value="">any failure</option>{FAILURE_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}</select></label>
        ) : null}
        <label>Window (minutes) <input name="windowMinutes" type="number" min={1} max={1440} defaultValue={r?.windowMinutes ?? 5} required /></label>
        <label>Fires {info.bad} ({info.unit}) <input name="threshold" type="number" step="any" min={0} required defaultValue={r?.threshold ?? (kind === "failure_rate" ? 20 : undefined)} /></label>
        <label>Recovers {info.bad === "above" ? "below" : "above"} (default {info.bad === "above" ? "80%" : "120%"} of it) <input name="recoverAt" type="number" step="any" min={0} defaultValue={r?.recoverAt} /></label>
        <label>Minimum payments in the window <input name="minVolume" type="number" min={0} defaultValue={r?.minVolume ?? 20} required /></label>
        <label>Pending (seconds) <input name="pendingSeconds" type="number" min={0} max={3600} defaultValue={r?.pendingSeconds ?? 60} required /></label>
        <label>Recovery (seconds) <input name="recoverySeconds" type="number" min={0} max={3600} defaultValue={r?.recoverySeconds ?? 300} required /></label>
        <label className="wide">Webhook URL (JSON, signed) <input name="webhookUrl" placeholder="https://chat.example/hooks/…" defaultValue={r?.webhookUrl ?? ""} /></label>
        <div className="wide"><button type="submit" disabled={busy}>{editing ? "Save rule" : "Create rule"}</button>{editing ? <button type="button" className="link-button" onClick={onDone}> Cancel</button> : null}</div>
      </form>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
    </>
  );
}
