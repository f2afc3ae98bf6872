"use client";

import { ApiErrorText } from "../api-error-text";
import { useState } from "react";
import { CHANNELS, MERCHANT_CATEGORIES } from "@/lib/codes";
import { fill } from "@/lib/i18n/dashboard-messages";
import { CADENCES, PERIODS, WEEKDAYS, type ReportSpecInput } from "@/lib/reports/spec";
import { VENUE_RADII_M } from "@/lib/venue-zones";
import { useLocale } from "../providers";
import { useAdminCall } from "./use-admin-call";

export interface ReportFormChoices {
  /** metric -> its exportable views */
  tables: Record<string, string[]>;
  wallets: { code: string; name: string }[];
  districts: { code: string; name: string }[];
  venues: { code: string; name: string }[];
}

const selected = (el: HTMLSelectElement) => [...el.selectedOptions].map((o) => o.value).filter(Boolean);

/** Create a scheduled report, or edit one (`editing`). The server checks everything again and says what is wrong. */
export function ReportForm({ choices, editing, onDone }: { choices: ReportFormChoices; editing?: { id: string; spec: ReportSpecInput }; onDone?: () => void }) {
  const { call, error, busy } = useAdminCall();
  const init = editing?.spec;
  const [content, setContent] = useState(init?.kind === "table" ? `${init.metric}/${init.view}` : "briefing");
  const [cadence, setCadence] = useState<string>(init?.cadence ?? "day");
  const isTable = content !== "briefing";
  const { t } = useLocale();
  const rf = t.admin.reportForm;
  const rt = t.admin.reports;
  return (
    <form
      className="report-form"
      aria-label={editing ? rf.edit : rt.newReport}
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        const [metric, view] = content.split("/");
        const spec = {
          name: String(f.get("name") ?? ""),
          kind: isTable ? "table" : "briefing",
          ...(isTable ? { metric, view, format: String(f.get("format")) } : { format: "pdf" }),
          lang: String(f.get("lang")),
          period: String(f.get("period")),
          wallets: selected(form.elements.namedItem("wallets") as HTMLSelectElement),
          channels: selected(form.elements.namedItem("channels") as HTMLSelectElement),
          districts: selected(form.elements.namedItem("districts") as HTMLSelectElement),
          categories: selected(form.elements.namedItem("categories") as HTMLSelectElement),
          ...(f.get("radiusM") ? { radiusM: Number(f.get("radiusM")) } : {}),
          venues: selected(form.elements.namedItem("venues") as HTMLSelectElement),
          audienceRole: String(f.get("audienceRole")),
          audienceDistricts: f.get("audienceDistrict") ? [String(f.get("audienceDistrict"))] : [],
          cadence,
          at: String(f.get("at") ?? ""),
          ...(cadence === "week" ? { weekday: Number(f.get("weekday")) } : {}),
          folder: String(f.get("folder") ?? ""),
          webhooks: String(f.get("webhooks") ?? "").split(/\s+/).filter(Boolean),
          enabled: f.get("enabled") === "on",
        };
        const ok = await call(editing ? "PUT" : "POST", editing ? `/api/admin/reports/${editing.id}` : "/api/admin/reports", spec);
        if (ok) {
          if (!editing) form.reset();
          onDone?.();
        }
      }}
    >
      <label>{rf.name} <input name="name" required maxLength={100} defaultValue={init?.name} /></label>
      <label>
        {rf.content}
        <select name="content" value={content} onChange={(e) => setContent(e.target.value)}>
          <option value="briefing">{rf.briefing}</option>
          {Object.entries(choices.tables).map(([metric, views]) => (
            <optgroup key={metric} label={fill(rf.table, { metric: rf.metrics[metric as keyof typeof rf.metrics] ?? metric })}>
              {views.map((v) => <option key={v} value={`${metric}/${v}`}>{rf.metrics[metric as keyof typeof rf.metrics] ?? metric}: {rf.views[`${metric}/${v}` as keyof typeof rf.views] ?? v}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      {isTable ? (
        <label>{rf.format} <select name="format" defaultValue={init?.format ?? "csv"}><option value="csv">CSV</option><option value="xlsx">XLSX</option></select></label>
      ) : null}
      <label>{rf.language} <select name="lang" defaultValue={init?.lang ?? "en"}><option value="en">English</option><option value="zh">中文</option></select></label>
      <label>
        {rf.covers}
        <select name="period" defaultValue={init?.period ?? "previous-day"}>
          {PERIODS.map((p) => <option key={p} value={p}>{rt.periods[p]}</option>)}
        </select>
      </label>
      <label>
        {rf.wallets}
        <select name="wallets" multiple size={4} defaultValue={init?.wallets ?? []}>
          {choices.wallets.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
        </select>
      </label>
      <label>
        {rf.districts}
        <select name="districts" multiple size={4} defaultValue={init?.districts ?? []}>
          {choices.districts.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
        </select>
      </label>
      <label>
        {rf.channels}
        <select name="channels" multiple size={2} defaultValue={init?.channels ?? []}>
          {CHANNELS.map((c) => <option key={c} value={c}>{rt.channels[c]}</option>)}
        </select>
      </label>
      <label>
        {rf.categories}
        <select name="categories" multiple size={4} defaultValue={init?.categories ?? []}>
          {MERCHANT_CATEGORIES.map((c) => <option key={c} value={c}>{t.dash.categories[c]}</option>)}
        </select>
      </label>
      <label>
        {rf.nearVenues}
        <select name="radiusM" defaultValue={init?.radiusM ?? ""}>
          <option value="">{rf.anywhere}</option>
          {VENUE_RADII_M.map((r) => <option key={r} value={r}>{fill(rf.withinM, { m: r.toLocaleString("en") })}</option>)}
        </select>
      </label>
      <label>
        {rf.venues}
        <select name="venues" multiple size={4} defaultValue={init?.venues ?? []}>
          {choices.venues.map((v) => <option key={v.code} value={v.code}>{v.name}</option>)}
        </select>
      </label>
      <label>
        {rf.audience}
        <select name="audienceRole" defaultValue={init?.audienceRole ?? "OFFICIAL"}>
          <option value="OFFICIAL">{rf.officials}</option>
          <option value="OPS">{rf.operations}</option>
        </select>
      </label>
      <label>
        {rf.audienceDistrict}
        <select name="audienceDistrict" defaultValue={init?.audienceDistricts?.[0] ?? ""}>
          <option value="">{rf.everyDistrict}</option>
          {choices.districts.map((d) => <option key={d.code} value={d.code}>{fill(rf.only, { name: d.name })}</option>)}
        </select>
      </label>
      <label>
        {rf.runs}
        <select name="cadence" value={cadence} onChange={(e) => setCadence(e.target.value)}>
          {CADENCES.map((c) => <option key={c} value={c}>{rf.cadences[c]}</option>)}
        </select>
      </label>
      {cadence === "week" ? (
        <label>{rf.on} <select name="weekday" defaultValue={init?.weekday ?? 1}>{WEEKDAYS.map((d) => <option key={d} value={d}>{rt.weekdays[d]}</option>)}</select></label>
      ) : null}
      <label>
        {cadence === "hour" ? rf.minute : rf.at}
        <input name="at" required defaultValue={init?.at ?? (cadence === "hour" ? "05" : "08:00")} key={cadence} pattern={cadence === "hour" ? "[0-5][0-9]" : "[0-2][0-9]:[0-5][0-9]"} size={5} />
      </label>
      <label>{rf.folder} <input name="folder" placeholder={rf.folderPlaceholder} defaultValue={init?.folder} /></label>
      <label className="wide">
        {rf.webhooks}
        <textarea name="webhooks" rows={2} defaultValue={init?.webhooks?.join("\n")} />
      </label>
      <label className="check"><input type="checkbox" name="enabled" defaultChecked={init?.enabled ?? true} />{rf.enabled}</label>
      <div className="wide">
        <button type="submit" disabled={busy}>{editing ? rf.save : rf.create}</button>
        {editing ? <button type="button" className="link-button" onClick={onDone}>{t.admin.cancel}</button> : null}
      </div>
      {error ? <p role="alert" className="form-error wide"><ApiErrorText error={error} /></p> : null}
    </form>
  );
}
