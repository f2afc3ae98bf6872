"use client";

import { useState } from "react";
import { formatShanghai } from "@/lib/format";
import { useAddAnnotation, useAnnotations } from "../hooks/use-alerts";

// Manual notes ("Kakao Pay maintenance"): the last day's, and a form to add one at now or a given time.

export function AnnotationsPanel({ wallets }: { wallets: { code: string; name: string }[] }) {
  const [range] = useState(() => ({ from: new Date(Date.now() - 86400_000).toISOString(), to: new Date(Date.now() + 86400_000).toISOString() }));
  const q = useAnnotations(range);
  const add = useAddAnnotation();
  return (
    <section className="panel" aria-label="Annotations">
      <h2>Annotations</h2>
      <p className="muted">Shown on the operations charts for everyone allowed to see them (a note with a wallet or none reaches everyone; one with a district reaches only the viewers of that district).</p>
      <ul data-testid="annotations">
        {(q.data?.annotations ?? []).map((a) => (
          <li key={a.id}>{formatShanghai(a.at)}{a.endAt ? ` – ${formatShanghai(a.endAt)}` : ""} · {a.text}{a.wallet ? ` (${a.wallet})` : ""} <span className="muted">by {a.createdBy}</span></li>
        ))}
      </ul>
      <form
        className="inline-form"
        aria-label="New annotation"
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
        <input name="text" placeholder="e.g. Kakao Pay maintenance" aria-label="Annotation text" required maxLength={500} />
        <select name="wallet" aria-label="Annotation wallet" defaultValue=""><option value="">no wallet</option>{wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}</select>
        <input name="minutes" type="number" min={0} max={1440} placeholder="lasting (min)" aria-label="Lasting minutes" />
        <button type="submit" disabled={add.isPending}>Add note now</button>
        {add.error ? <span role="alert" className="form-error">{add.error.message}</span> : null}
      </form>
    </section>
  );
}
