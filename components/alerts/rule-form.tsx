"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { FAILURE_CATEGORIES, KIND_INFO, RULE_KINDS, type RuleKind } from "@/lib/alerts/rule-spec";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useAdminCall } from "../admin/use-admin-call";
import { useLocale } from "../providers";
import type { RuleRow } from "./rules-admin";

/** A new alert rule, or an existing one to change (`editing`); the server checks it again and says what is wrong. */
export function RuleForm({ wallets, editing, onDone }: { wallets: { code: string; name: string }[]; editing?: { id: string; rule: RuleRow }; onDone?: () => void }) {
  const { call, error, busy } = useAdminCall();
  const r = editing?.rule;
  const [kind, setKind] = useState<RuleKind>((r?.kind as RuleKind) ?? "failure_rate");
  const info = KIND_INFO[kind];
  const { admin } = useLocale().t;
  const rl = admin.rules;
  const f9 = rl.form;
  const good = info.bad === "above" ? "below" : "above";
  return (
    <>
      <form
        className="report-form"
        aria-label={editing ? fill(f9.editRule, { name: editing.rule.name }) : f9.newRule}
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
        <label>{f9.name} <input name="name" required maxLength={100} defaultValue={r?.name} /></label>
        <label>{f9.measure} <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>{RULE_KINDS.map((k) => <option key={k} value={k}>{rl.kinds[k]}</option>)}</select></label>
        <label>{f9.groupBy} <select name="groupBy" defaultValue={r ? (r.groupBy ?? "") : "wallet"}><option value="wallet">{rl.groups.wallet}</option><option value="district">{rl.groups.district}</option><option value="">{f9.groupAll}</option></select></label>
        <label>{f9.wallet} <select name="wallet" defaultValue={r?.walletCodes[0] ?? ""}><option value="">{admin.any}</option>{wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}</select></label>
        {kind === "failure_rate" ? (
          <label>{f9.category} <select name="failureCategory" defaultValue={r?.failureCategory ?? ""}><option value="">{f9.anyFailure}</option>{FAILURE_CATEGORIES.map((c) => <option key={c} value={c}>{rl.categories[c]}</option>)}</select></label>
        ) : null}
        <label>{f9.window} <input name="windowMinutes" type="number" min={1} max={1440} defaultValue={r?.windowMinutes ?? 5} required /></label>
        <label>{fill(f9.fires, { bad: rl[info.bad], unit: rl.units[info.unit] })} <input name="threshold" type="number" step="any" min={0} required defaultValue={r?.threshold ?? (kind === "failure_rate" ? 20 : undefined)} /></label>
        <label>{fill(f9.recoversAt, { good: rl[good], pct: info.bad === "above" ? "80%" : "120%" })} <input name="recoverAt" type="number" step="any" min={0} defaultValue={r?.recoverAt} /></label>
        <label>{f9.minVolume} <input name="minVolume" type="number" min={0} defaultValue={r?.minVolume ?? 20} required /></label>
        <label>{f9.pending} <input name="pendingSeconds" type="number" min={0} max={3600} defaultValue={r?.pendingSeconds ?? 60} required /></label>
        <label>{f9.recovery} <input name="recoverySeconds" type="number" min={0} max={3600} defaultValue={r?.recoverySeconds ?? 300} required /></label>
        <label className="wide">{f9.webhook} <input name="webhookUrl" placeholder="https://chat.example/hooks/…" defaultValue={r?.webhookUrl ?? ""} /></label>
        <div className="wide"><button type="submit" disabled={busy}>{editing ? f9.save : f9.create}</button>{editing ? <button type="button" className="link-button" onClick={onDone}>{admin.cancel}</button> : null}</div>
      </form>
      {error ? <p role="alert" className="form-error"><ApiErrorText error={error} /></p> : null}
    </>
  );
}
