"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatShanghai } from "@/lib/format";
import { describeCadence, PERIOD_LABELS, specOf, type Cadence, type Period, type StoredReport } from "@/lib/reports/spec";
import { ReportForm, type ReportFormChoices } from "./report-form";
import { useAdminCall } from "./use-admin-call";

export interface ReportDelivery { to: string; ok: boolean; attempts: number; detail: string }
export interface ReportRunRow {
  id: string;
  scheduledFor: string;
  trigger: string;
  requestedBy: string | null;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  startedAt: string;
  finishedAt: string | null;
  rangeFrom: string | null;
  rangeTo: string | null;
  fileName: string | null;
  bytes: number | null;
  rows: number | null;
  deliveries: ReportDelivery[];
  error: string | null;
}
export interface ReportRow extends StoredReport {
  id: string;
  secret: string;
  nextRunAt: string | null;
  runs: ReportRunRow[];
}

const size = (n: number | null) => (n === null ? "" : n < 10_000 ? `${n} B` : `${(n / 1024).toFixed(0)} KB`);
const seconds = (r: ReportRunRow) => (r.finishedAt ? `${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s` : "…");

function Runs({ runs }: { runs: ReportRunRow[] }) {
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  return (
    <div className="table-scroll">
      <table data-testid="report-runs">
        <thead>
          <tr><th>Scheduled for</th><th>Trigger</th><th>Status</th><th>Covers</th><th>Took</th><th>File</th><th>Deliveries</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-status={r.status} data-trigger={r.trigger}>
              <td>{formatShanghai(r.scheduledFor)}</td>
              <td>{r.trigger === "manual" ? `run now (${r.requestedBy ?? "?"})` : "schedule"}</td>
              <td>
                <span className={`run-status ${r.status.toLowerCase()}`}>{r.status.toLowerCase()}</span>
                {r.error ? <div className="form-error run-error">{r.error}</div> : null}
              </td>
              <td>{r.rangeFrom ? `${r.rangeFrom} – ${r.rangeTo}` : ""}</td>
              <td>{seconds(r)}</td>
              <td>
                {r.fileName && r.status !== "RUNNING" ? (
                  <a href={`/api/admin/reports/runs/${r.id}/file`} download={r.fileName} title={r.fileName}>
                    {r.fileName.split(".").pop()!.toUpperCase()}
                  </a>
                ) : null}
                <div className="muted">{size(r.bytes)}{r.rows !== null ? ` · ${r.rows} rows` : ""}</div>
              </td>
              <td>
                <ul className="deliveries">
                  {r.deliveries.map((d) => (
                    <li key={d.to} className={d.ok ? "ok" : "failed"}>
                      {d.ok ? "✓" : "✗"} {d.to}: {d.detail}{d.attempts > 1 ? ` (${d.attempts} attempts)` : ""}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The schedule's filter in words, every part it sets. */
function reportFilter(r: ReportRow): string {
  return [
    r.walletCodes.join(", ") || "all wallets",
    r.channels.length ? r.channels.join(", ").toLowerCase() : null,
    r.districtCodes.join(", ") || "all districts",
    r.categories.length ? r.categories.join(", ").toLowerCase() : null,
    r.radiusM !== null ? `within ${r.radiusM.toLocaleString("en")} m of ${r.venueCodes.join(", ") || "any venue"}` : null,
  ].filter(Boolean).join(" · ");
}

export function ReportsAdmin({ reports, choices }: { reports: ReportRow[]; choices: ReportFormChoices }) {
  const router = useRouter();
  const { call, error, busy } = useAdminCall();
  const [editing, setEditing] = useState<string | null>(null);
  const running = reports.some((r) => r.runs.some((x) => x.status === "RUNNING"));
  // while a run is in progress, follow it until it has an outcome
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [running, router]);

  return (
    <>
      <section className="panel" aria-label="Scheduled reports">
        <h2>Scheduled reports</h2>
        <p className="muted">Times are Asia/Shanghai. Each run is built as its audience sees the dashboard and kept here with the outcome of every delivery.</p>
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        {reports.length === 0 ? <p>No scheduled reports yet. Create one below.</p> : null}
        {reports.map((r) => (
          <article key={r.id} className="report" data-testid={`report-${r.name}`}>
            <header>
              <h3>{r.name}</h3>
              <span className="muted">
                {r.kind === "briefing" ? "PDF briefing" : `${r.metric}: ${r.view} (${r.format.toUpperCase()})`} · {r.lang === "zh" ? "中文" : "English"} · covers {PERIOD_LABELS[r.period as Period] ?? r.period} ·{" "}
                {describeCadence(r.cadence as Cadence, r.atMinute, r.weekday)} · {r.audienceRole === "OPS" ? "operations view" : "officials' view"}
                {r.audienceDistricts.length ? ` (${r.audienceDistricts.join(", ")})` : ""}
              </span>
              <span>{r.enabled ? `next run ${formatShanghai(r.nextRunAt)}` : "disabled"}</span>
            </header>
            <p className="muted">
              Filter: {reportFilter(r)} · to{" "}
              {[r.folder ? `folder ${r.folder}` : null, ...r.webhooks.map((w) => w.replace(/\?.*/, "?…"))].filter(Boolean).join(", ")}
            </p>
            <div className="inline-form">
              <button type="button" disabled={busy} onClick={() => call("POST", `/api/admin/reports/${r.id}/run`)}>Run now</button>
              <button type="button" className="link-button" disabled={busy} onClick={() => call("PUT", `/api/admin/reports/${r.id}`, { ...specOf(r), enabled: !r.enabled })}>
                {r.enabled ? "Disable" : "Enable"}
              </button>
              <button type="button" className="link-button" onClick={() => setEditing(editing === r.id ? null : r.id)}>Edit</button>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => window.confirm(`Delete "${r.name}" and its history?`) && call("DELETE", `/api/admin/reports/${r.id}`)}
              >
                Delete
              </button>
              {r.webhooks.length ? (
                <details>
                  <summary>Webhook signing secret</summary>
                  <code>{r.secret}</code>
                  <p className="muted">Receivers check <code>X-HPM-Signature = sha256=HMAC-SHA256(secret, X-HPM-Timestamp + &quot;.&quot; + body)</code>.</p>
                </details>
              ) : null}
            </div>
            {editing === r.id ? <ReportForm choices={choices} editing={{ id: r.id, spec: specOf(r) }} onDone={() => setEditing(null)} /> : null}
            <Runs runs={r.runs} />
          </article>
        ))}
      </section>
      <section className="panel" aria-label="New scheduled report">
        <h2>New scheduled report</h2>
        <ReportForm choices={choices} />
      </section>
    </>
  );
}
