"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { formatShanghai } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useAddAnnotation, useAnnotations } from "../hooks/use-alerts";
import { useLocale } from "../providers";

// Manual notes ("Kakao Pay maintenance"): the last day's, and a form to add one at now or a given time.

export function AnnotationsPanel({ wallets }: { wallets: { code: string; name: string }[] }) {
  const [range] = useState(() => ({ from: new Date(Date.now() - 86400_000).toISOString(), to: new Date(Date.now() + 86400_000).toISOString() }));
  const q = useAnnotations(range);
  const add = useAddAnnotation();
  const { locale, t } = useLocale();
  const a = t.admin.annotations;
  return (
    <section className="panel" aria-label={a.title}>
      <h2>{a.title}</h2>
      <p className="muted">{a.lead}</p>
      <ul data-testid="annotations">
        {(q.data?.annotations ?? []).map((n) => (
          <li key={n.id}>{formatShanghai(n.at, locale)}{n.endAt ? ` – ${formatShanghai(n.endAt, locale)}` : ""} · <span translate="no">{n.text}</span>{n.wallet ? ` (${n.wallet})` : ""} <span className="muted">{fill(a.by, { who: n.createdBy })}</span></li>
        ))}
      </ul>
      <form
        className="inline-form"
        aria-label={a.form}
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const minutes = Number(f.get("minutes") || 0);
          const at = new Date();
          add.mutate(
            { at: at.toISOString(), ...(minutes > 0 ? { endAt: new Date(at.getTime() + minutes * 60_000).toISOString() } : {}), text: String(f.get("text")), ...(f.get("wallet") ? { wallet: String(f.get("wallet")) } : {}) },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <input name="text" placeholder={a.placeholder} aria-label={a.text} required maxLength={500} />
        <select name="wallet" aria-label={a.wallet} defaultValue=""><option value="">{a.noWallet}</option>{wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}</select>
        <input name="minutes" type="number" min={0} max={1440} placeholder={a.lasting} aria-label={a.lastingLabel} />
        <button type="submit" disabled={add.isPending}>{a.add}</button>
        {add.error ? <span role="alert" className="form-error"><ApiErrorText error={add.error} /></span> : null}
      </form>
    </section>
  );
}
