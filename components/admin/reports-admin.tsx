"use client";

import { ApiErrorText } from "../api-error-text";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatSeconds, formatShanghai } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import type { Messages } from "@/lib/i18n/messages";
import { describeCadence, specOf, type Cadence, type Period, type StoredReport } from "@/lib/reports/spec";
import { useLocale } from "../providers";
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
const seconds = (r: ReportRunRow, locale: string) => (r.finishedAt ? formatSeconds((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000, locale) : "…");

type ReportText = Messages["admin"]["reports"];

function Runs({ runs, rt, when, locale }: { runs: ReportRunRow[]; rt: ReportText; when: (iso: string) => string; locale: string }) {
  if (!runs.length) return <p className="muted">{rt.noRuns}</p>;
  return (
    <div className="table-scroll">
      <table data-testid="report-runs">
        <thead>
          <tr><th>{rt.runs.scheduledFor}</th><th>{rt.runs.trigger}</th><th>{rt.runs.status}</th><th>{rt.runs.covers}</th><th>{rt.runs.took}</th><th>{rt.runs.file}</th><th>{rt.runs.deliveries}</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-status={r.status} data-trigger={r.trigger}>
              <td>{when(r.scheduledFor)}</td>
              <td>{r.trigger === "manual" ? fill(rt.manual, { who: r.requestedBy ?? "?" }) : rt.schedule}</td>
              <td>
                <span className={`run-status ${r.status.toLowerCase()}`}>{rt.runStatus[r.status]}</span>
                {r.error ? <div className="form-error run-error" translate="no">{r.error}</div> : null}
              </td>
              <td>{r.rangeFrom ? `${r.rangeFrom} – ${r.rangeTo}` : ""}</td>
              <td>{seconds(r, locale)}</td>
              <td>
                {r.fileName && r.status !== "RUNNING" ? (
                  <a href={`/api/admin/reports/runs/${r.id}/file`} download={r.fileName} title={r.fileName} translate="no">
                    {r.fileName.split(".").pop()!.toUpperCase()}
                  </a>
                ) : null}
                <div className="muted">{size(r.bytes)}{r.rows !== null ? fill(rt.rows, { n: r.rows }) : ""}</div>
              </td>
              <td>
                <ul className="deliveries">
                  {r.deliveries.map((d) => (
                    <li key={d.to} className={d.ok ? "ok" : "failed"}>
                      {d.ok ? "✓" : "✗"} <span translate="no">{d.to}: {d.detail}</span>{d.attempts > 1 ? fill(rt.attempts, { n: d.attempts }) : ""}
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
function reportFilter(r: ReportRow, t: Messages, choices: ReportFormChoices): string {
  const rt = t.admin.reports;
  const name = (list: { code: string; name: string }[]) => (code: string) => list.find((x) => x.code === code)?.name ?? code;
  return [
    r.walletCodes.join(", ") || rt.allWallets,
    r.channels.length ? r.channels.map((c) => rt.channels[c as keyof typeof rt.channels] ?? c).join(", ") : null,
    r.districtCodes.map(name(choices.districts)).join(", ") || rt.allDistricts,
    r.categories.length ? r.categories.map((c) => t.dash.categories[c as keyof typeof t.dash.categories] ?? c).join(", ") : null,
    r.radiusM !== null ? fill(rt.within, { m: r.radiusM.toLocaleString("en"), venues: r.venueCodes.map(name(choices.venues)).join(", ") || rt.anyVenue }) : null,
  ].filter(Boolean).join(" · ");
}

export function ReportsAdmin({ reports, choices }: { reports: ReportRow[]; choices: ReportFormChoices }) {
  const router = useRouter();
  const { call, error, busy } = useAdminCall();
  const [editing, setEditing] = useState<string | null>(null);
  const { locale, t } = useLocale();
  const rt = t.admin.reports;
  const rf = t.admin.reportForm;
  const when = (iso: string | null) => formatShanghai(iso, locale);
  const running = reports.some((r) => r.runs.some((x) => x.status === "RUNNING"));
  // while a run is in progress, follow it until it has an outcome
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [running, router]);

  return (
    <>
      <section className="panel" aria-label={rt.title}>
        <h2>{rt.title}</h2>
        <p className="muted">{rt.lead}</p>
        {error ? <p role="alert" className="form-error"><ApiErrorText error={error} /></p> : null}
        {reports.length === 0 ? <p>{rt.none}</p> : null}
        {reports.map((r) => (
          <article key={r.id} className="report" data-testid={`report-${r.name}`}>
            <header>
              <h3 translate="no">{r.name}</h3>
              <span className="muted">
                {r.kind === "briefing" ? rt.briefing : `${rf.metrics[r.metric as keyof typeof rf.metrics] ?? r.metric}: ${rf.views[`${r.metric}/${r.view}` as keyof typeof rf.views] ?? r.view} (${r.format.toUpperCase()})`} · {r.lang === "zh" ? "中文" : "English"} · {fill(rt.covers, { period: rt.periods[r.period as Period] ?? r.period })} ·{" "}
                {describeCadence(r.cadence as Cadence, r.atMinute, r.weekday, rt)} · {r.audienceRole === "OPS" ? rt.opsView : rt.officialsView}
                {r.audienceDistricts.length ? ` (${r.audienceDistricts.map((c) => choices.districts.find((d) => d.code === c)?.name ?? c).join(", ")})` : ""}
              </span>
              <span>{r.enabled ? fill(rt.nextRun, { at: when(r.nextRunAt) }) : t.admin.disabled}</span>
            </header>
            <p className="muted">
              {fill(rt.filter, { filter: reportFilter(r, t, choices) })}
              <span translate="no">{[r.folder ? fill(rt.folder, { name: r.folder }) : null, ...r.webhooks.map((w) => w.replace(/\?.*/, "?…"))].filter(Boolean).join(", ")}</span>
            </p>
            <div className="inline-form">
              <button type="button" disabled={busy} onClick={() => call("POST", `/api/admin/reports/${r.id}/run`)}>{rt.runNow}</button>
              <button type="button" className="link-button" disabled={busy} onClick={() => call("PUT", `/api/admin/reports/${r.id}`, { ...specOf(r), enabled: !r.enabled })}>
                {r.enabled ? t.admin.disable : t.admin.enable}
              </button>
              <button type="button" className="link-button" onClick={() => setEditing(editing === r.id ? null : r.id)}>{t.admin.edit}</button>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => window.confirm(fill(rt.confirmDelete, { name: r.name })) && call("DELETE", `/api/admin/reports/${r.id}`)}
              >
                {t.admin.delete}
              </button>
              {r.webhooks.length ? (
                <details>
                  <summary>{rt.secret}</summary>
                  <code>{r.secret}</code>
                  <p className="muted">{rt.receivers} <code translate="no">X-HPM-Signature = sha256=HMAC-SHA256(secret, X-HPM-Timestamp + &quot;.&quot; + body)</code>.</p>
                </details>
              ) : null}
            </div>
            {editing === r.id ? <ReportForm choices={choices} editing={{ id: r.id, spec: specOf(r) }} onDone={() => setEditing(null)} /> : null}
            <Runs runs={r.runs} rt={rt} when={when} locale={locale} />
          </article>
        ))}
      </section>
      <section className="panel" aria-label={rt.newReport}>
        <h2>{rt.newReport}</h2>
        <ReportForm choices={choices} />
      </section>
    </>
  );
}
