"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { formatShanghai } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useLocale } from "../providers";
import { useIncidentAction, useIncidents, type IncidentRow } from "../hooks/use-alerts";

// Incidents with what ops can do about them. The operations page shows the
// open ones; the alerts page all recent ones with their full timeline.

function Actions({ incident, now }: { incident: IncidentRow; now: number }) {
  const act = useIncidentAction();
  const a = useLocale().t.admin.alerts;
  const [note, setNote] = useState("");
  const run = (action: Parameters<typeof act.mutate>[0]["action"]) => act.mutate({ id: incident.id, action });
  const muted = incident.mutedUntil && Date.parse(incident.mutedUntil) > now;
  return (
    <div className="inline-form incident-actions">
      {incident.status === "OPEN" ? <button type="button" disabled={act.isPending} onClick={() => run({ action: "acknowledge" })}>{a.acknowledge}</button> : null}
      {incident.status !== "RESOLVED" ? (
        <>
          {muted ? (
            <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "unmute" })}>{a.unmute}</button>
          ) : (
            <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "mute", minutes: 60 })}>{a.mute}</button>
          )}
          <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "resolve" })}>{a.resolve}</button>
        </>
      ) : null}
      <form onSubmit={(e) => (e.preventDefault(), note.trim() && (run({ action: "note", note }), setNote("")))}>
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={a.addNote} aria-label={a.addNote} aria-describedby={`incident-title-${incident.id}`} maxLength={1000} />
      </form>
      {act.error ? <span role="alert" className="form-error"><ApiErrorText error={act.error} /></span> : null}
    </div>
  );
}

/** The title as [the rule's name, the rest]. */
const titleParts = (i: IncidentRow) => (i.ruleName && i.title.startsWith(i.ruleName) ? [i.ruleName, i.title.slice(i.ruleName.length)] : ["", i.title]);

export function IncidentList({ status, timeline = false }: { status: "open" | "all"; timeline?: boolean }) {
  const q = useIncidents(status);
  const { locale, t } = useLocale();
  const a = t.admin.alerts;
  const when = (iso: string) => formatShanghai(iso, locale);
  // data-state as on the widgets: the browser tests wait for every loading state to end
  if (q.isPending) return <p className="muted" data-state="loading">{a.loading}</p>;
  if (q.error) return <p role="alert" className="form-error" data-state="error">{a.loadFailed} <ApiErrorText error={q.error} /></p>;
  const incidents = q.data.incidents;
  // the server's clock at the answer: rendering stays pure and agrees with the server on "muted"
  const now = Date.parse(q.data.asOf);
  if (!incidents.length) return <p className="muted" data-testid="no-incidents">{status === "open" ? a.noneOpen : a.noneYet}</p>;
  return (
    <ul className="incidents" data-testid="incidents">
      {incidents.map((i) => (
        <li key={i.id} data-status={i.status} data-subject={i.subject} className={`incident ${i.status.toLowerCase()}`}>
          <div className="incident-head">
            <span className={`run-status ${i.status === "RESOLVED" ? "succeeded" : "failed"}`}>{a.status[i.status]}</span>
            {/* in the reader's language; the rule's name stays as its author wrote it */}
            <strong id={`incident-title-${i.id}`}>{titleParts(i).map((part, k) => (k === 0 ? <span key={k} translate="no">{part}</span> : part))}</strong>
          </div>
          <div className="muted">
            {fill(a.opened, { at: when(i.openedAt) })}
            {i.acknowledgedBy ? fill(a.acknowledgedBy, { who: i.acknowledgedBy }) : ""}
            {i.mutedUntil && Date.parse(i.mutedUntil) > now ? fill(a.mutedUntil, { at: when(i.mutedUntil) }) : ""}
            {i.resolvedAt ? `${fill(a.resolved, { at: when(i.resolvedAt) })}${i.resolvedBy ? fill(a.resolvedBy, { who: i.resolvedBy }) : a.recovered}` : ""}
            {i.chart ? <> · <a href={i.chart}>{a.chart}</a></> : null}
          </div>
          <Actions incident={i} now={now} />
          {timeline ? (
            <ol className="timeline">
              {i.events.map((e) => (
                <li key={e.id}>
                  <span className="muted">{when(e.at)}</span> <strong>{a.events[e.kind as keyof typeof a.events] ?? e.kind}</strong>
                  {e.actor ? fill(a.by, { who: e.actor }) : ""}{e.text ? <span translate="no">: {e.text}</span> : ""}
                </li>
              ))}
            </ol>
          ) : null}
          {timeline && i.notifications?.length ? (
            <ul className="deliveries" data-testid="notification-log">
              {i.notifications.map((n, k) => (
                <li key={k} className={n.status === "FAILED" ? "failed" : undefined}>
                  {n.status === "DELIVERED" ? "✓" : n.status === "FAILED" ? "✗" : "…"} {a.events[n.event as keyof typeof a.events] ?? n.event} → <span translate="no">{n.to}</span>: {a.delivery[n.status]}
                  {n.deliveredAt ? ` ${when(n.deliveredAt)}` : ""}{n.attempts > 1 ? fill(a.afterAttempts, { n: n.attempts }) : ""}{n.lastError && n.status !== "DELIVERED" ? <span translate="no"> ({n.lastError})</span> : ""}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
