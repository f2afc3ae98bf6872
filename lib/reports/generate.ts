import "server-only";
import type { SessionUser } from "../auth/roles";
import { setDimensions } from "../dashboard/filter";
import type { Db } from "../db/client";
import type { ReportSchedule } from "../db/generated/client";
import { buildBriefing } from "../export/briefing";
import { safeFileName } from "../export/cells";
import { exportMetric } from "../export/metric-export";
import { isLocale, messages } from "../i18n/messages";
import type { Period } from "./spec";
import { periodRange } from "./timing";

export interface ReportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  rows: number | null;
  range: { from: string; to: string };
}

/**
 * A scheduled report is built by the same code as the download buttons, as its
 * audience would see it: an official's report hides small cells, a district
 * audience sees only its districts. The export is audited under the admin who defined it.
 */
export async function generateReport(db: Db, s: ReportSchedule, scheduledFor: Date, creatorEmail: string | null): Promise<ReportFile> {
  const range = periodRange(s.period as Period, scheduledFor);
  const reader: SessionUser = {
    id: s.createdBy ?? "00000000-0000-0000-0000-000000000000",
    email: `${creatorEmail ?? "deleted admin"} (scheduled report "${s.name}")`.slice(0, 254),
    name: s.name,
    role: s.audienceRole === "OPS" ? "OPS" : "OFFICIAL",
    districts: s.audienceDistricts,
  };
  const query = new URLSearchParams(range);
  setDimensions(query, { wallets: s.walletCodes, channels: s.channels, districts: s.districtCodes, categories: s.categories, venues: s.venueCodes, radiusM: s.radiusM });
  const locale = isLocale(s.lang) ? s.lang : "en";
  const lang = { locale, t: messages[locale] };
  const stamp = `${scheduledFor.toISOString().slice(0, 16).replace(/[-:]/g, "")}Z`;

  if (s.kind === "briefing") {
    const { pdf } = await buildBriefing(db, reader, query, lang, null);
    return { body: pdf, contentType: "application/pdf", fileName: safeFileName([s.name, range.from.slice(0, 16), range.to.slice(0, 16), stamp], "pdf"), rows: null, range };
  }
  query.set("view", s.view ?? "");
  query.set("format", s.format);
  const file = await exportMetric(db, reader, s.metric ?? "", query, lang, null);
  return {
    body: typeof file.body === "string" ? Buffer.from(file.body, "utf8") : file.body,
    contentType: file.contentType,
    fileName: safeFileName([s.name, range.from.slice(0, 16), range.to.slice(0, 16), stamp], s.format),
    rows: file.rows,
    range,
  };
}
