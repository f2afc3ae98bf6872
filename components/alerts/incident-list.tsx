"use client";

import { useState } from "react";
import { formatShanghai } from "@/lib/format";
import { useIncidentAction, useIncidents, type IncidentRow } from "../hooks/use-alerts";

// Incidents with what ops can do about them. The operations page shows the
// open ones; the alerts page all recent ones with their full timeline.

function Actions({ incident, now }: { incident: IncidentRow; now: number }) {
  const act = useIncidentAction();
  const [note, setNote] = useState("");
  const run = (action: Parameters<typeof act.mutate>[0]["action"]) => act.mutate({ id: incident.id, action });
  const muted = incident.mutedUntil && Date.parse(incident.mutedUntil) > now;
  return (
    <div className="inline-form incident-actions">
      {incident.status === "OPEN" ? <button type="button" disabled={act.isPending} onClick={() => run({ action: "acknowledge" })}>Acknowledge</button> : null}
      {incident.status !== "RESOLVED" ? (
        <>
          {muted ? (
            <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "unmute" })}>Unmute</button>
          ) : (
            <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "mute", minutes: 60 })}>Mute 1 h</button>
          )}
          <button type="button" className="link-button" disabled={act.isPending} onClick={() => run({ action: "resolve" })}>Resolve</button>
        </>
      ) : null}
      <form onSubmit={(e) => (e.preventDefault(), note.trim() && (run({ action: "note", note }), setNote("")))}>
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="add a note" aria-label={`Note on ${incident.title}`} maxLength={1000} />
      </form>
      {act.error ? <span role="alert" className="form-error">{act.error.message}</span> : null}
    </div>
  );
}

export function IncidentList({ status, timeline = false }: { status: "open" | "all"; timeline?: boolean }) {
  const q = useIncidents(status);
  // data-state as on the widgets: the browser tests wait for every loading state to end
  if (q.isPending) return <p className="muted" data-state="loading">Loading incidents…</p>;
  if (q.error) return <p role="alert" className="form-error" data-state="error">Incidents could not be loaded: {q.error.message}</p>;
  const incidents = q.data.incidents;
  // the server's clock at the answer: rendering stays pure and agrees with the server on "muted"
  const now = Date.parse(q.data.asOf);
  if (!incidents.length) return <p className="muted" data-testid="no-incidents">{status === "open" ? "No open incidents." : "No incidents yet."}</p>;
  return (
    <ul className="incidents" data-testid="incidents">
      {incidents.map((i) => (
        <li key={i.id} data-status={i.status} data-subject={i.subject} className={`incident ${i.status.toLowerCase()}`}>
          <div className="incident-head">
            <span className={`run-status ${i.status === "RESOLVED" ? "succeeded" : "failed"}`}>{i.status.toLowerCase()}</span>
            <strong>{i.title}</strong>
          </div>
          <div className="muted">
            opened {formatShanghai(i.openedAt)}
            {i.acknowledgedBy ? ` · acknowledged by ${i.acknowledgedBy}` : ""}
            {i.mutedUntil && Date.parse(i.mutedUntil) > now ? ` · muted until ${formatShanghai(i.mutedUntil)}` : ""}
            {i.resolvedAt ? ` · resolved ${formatShanghai(i.resolvedAt)}${i.resolvedBy ? ` by ${i.resolvedBy}` : " (recovered)"}` : ""}
            {i.chart ? <> · <a href={i.chart}>chart</a></> : null}
          </div>
          <Actions incident={i} now={now} />
          {timeline ? (
            <ol className="timeline">
              {i.events.map((e) => (
                <li key={e.id}>
                  <span className="muted">{formatShanghai(e.at)}</span> <strong>{e.kind}</strong>
                  {e.actor ? ` by ${e.actor}` : ""}{e.text ? `: ${e.text}` : ""}
                </li>
              ))}
            </ol>
          ) : null}
          {timeline && i.notifications?.length ? (
            <ul className="deliveries" data-testid="notification-log">
              {i.notifications.map((n, k) => (
                <li key={k} className={n.status === "FAILED" ? "failed" : undefined}>
                  {n.status === "DELIVERED" ? "✓" : n.status === "FAILED" ? "✗" : "…"} {n.event} → {n.to}: {n.status.toLowerCase()}
                  {n.deliveredAt ? ` ${formatShanghai(n.deliveredAt)}` : ""}{n.attempts > 1 ? ` after ${n.attempts} attempts` : ""}{n.lastError && n.status !== "DELIVERED" ? ` (${n.lastError})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
