import "server-only";
import crypto from "node:crypto";
import { newSigningSecret } from "../webhooks/sign";
import type { Db } from "../db/client";
import type { ReportRun, ReportSchedule } from "../db/generated/client";
import { exportViews } from "../export/tables";
import { HttpError } from "../http/errors";
import { atLeast } from "../auth/roles";
import { METRICS, type MetricName } from "../metrics/registry";
import { atMinute, type Cadence, type ReportSpec } from "./spec";
import { nextOccurrence } from "./timing";

// Stored report definitions and their run history, for the admin page and API.

/** Metrics a report can carry as a table, with their views (the paged transaction list has its own streamed export). */
export function schedulableTables(): Record<string, string[]> {
  return Object.fromEntries(
    (Object.keys(METRICS) as MetricName[]).filter((m) => m !== "transactions").map((m) => [m, exportViews(m)]),
  );
}

/** Checks what the schema cannot know: the metric and view exist, and the audience may see the metric. */
function checkContent(spec: ReportSpec): void {
  if (spec.kind !== "table") return;
  const views = schedulableTables()[spec.metric!];
  if (!views) throw new HttpError(422, "validation_failed", `metric: unknown or not schedulable ${spec.metric}; choose one of ${Object.keys(schedulableTables()).join(", ")}.`);
  if (!views.includes(spec.view!)) throw new HttpError(422, "validation_failed", `view: ${spec.metric} has the views ${views.join(", ")}; not ${spec.view}.`);
  const needed = METRICS[spec.metric as MetricName].role;
  if (!atLeast(spec.audienceRole, needed)) {
    throw new HttpError(422, "validation_failed", `audienceRole: ${spec.metric} is for ${needed.toLowerCase()} and above; a report for ${spec.audienceRole.toLowerCase()} cannot carry it.`);
  }
}

const columns = (spec: ReportSpec) => ({
  name: spec.name,
  kind: spec.kind,
  metric: spec.kind === "table" ? spec.metric! : null,
  view: spec.kind === "table" ? spec.view! : null,
  format: spec.format,
  lang: spec.lang,
  period: spec.period,
  walletCodes: spec.wallets,
  channels: spec.channels,
  districtCodes: spec.districts,
  categories: spec.categories,
  radiusM: spec.radiusM ?? null,
  venueCodes: spec.venues,
  audienceRole: spec.audienceRole,
  audienceDistricts: spec.audienceDistricts,
  cadence: spec.cadence,
  atMinute: atMinute(spec),
  weekday: spec.cadence === "week" ? spec.weekday! : null,
  folder: spec.folder ?? null,
  webhooks: spec.webhooks,
  enabled: spec.enabled,
});

export async function createSchedule(db: Db, spec: ReportSpec, createdBy: string, now = new Date()): Promise<ReportSchedule> {
  checkContent(spec);
  return db.reportSchedule.create({
    data: { id: crypto.randomUUID(), ...columns(spec), secret: newSigningSecret(), scheduleFrom: now, createdBy },
  });
}

/** Replaces the definition. A changed timing starts counting from now, so the change never triggers a missed run at once. */
export async function updateSchedule(db: Db, id: string, spec: ReportSpec, now = new Date()): Promise<ReportSchedule | null> {
  checkContent(spec);
  const old = await db.reportSchedule.findUnique({ where: { id } });
  if (!old) return null;
  const data = columns(spec);
  const retimed = old.cadence !== data.cadence || old.atMinute !== data.atMinute || old.weekday !== data.weekday || (!old.enabled && data.enabled);
  return db.reportSchedule.update({ where: { id }, data: { ...data, updatedAt: now, ...(retimed ? { scheduleFrom: now } : {}) } });
}

export async function deleteSchedule(db: Db, id: string): Promise<{ name: string } | null> {
  const found = await db.reportSchedule.findUnique({ where: { id }, select: { name: true } });
  if (!found) return null;
  await db.reportSchedule.delete({ where: { id } });
  return found;
}

export type RunSummary = Omit<ReportRun, "file" | "deliveries"> & { deliveries: Delivery[] };

export interface Delivery {
  to: string;
  kind: "folder" | "webhook";
  ok: boolean;
  attempts: number;
  /** HTTP status, or the path written */
  detail: string;
}

const RUN_FIELDS = {
  id: true, scheduleId: true, scheduledFor: true, trigger: true, requestedBy: true, status: true, startedAt: true, finishedAt: true,
  rangeFrom: true, rangeTo: true, fileName: true, contentType: true, bytes: true, rows: true, deliveries: true, error: true,
} as const;

export interface ScheduleSummary extends ReportSchedule {
  nextRunAt: string | null;
  runs: RunSummary[];
}

/** Every schedule with its next run time and latest runs (newest first). */
export async function listSchedules(db: Db, runsEach = 10, now = new Date()): Promise<ScheduleSummary[]> {
  const schedules = await db.reportSchedule.findMany({
    orderBy: { createdAt: "asc" },
    include: { runs: { orderBy: { startedAt: "desc" }, take: runsEach, select: RUN_FIELDS } },
  });
  return schedules.map((s) => ({
    ...s,
    nextRunAt: s.enabled ? nextOccurrence({ cadence: s.cadence as Cadence, atMinute: s.atMinute, weekday: s.weekday }, now).toISOString() : null,
    runs: s.runs.map(summary),
  }));
}

const summary = (r: Omit<ReportRun, "file">): RunSummary => ({ ...r, deliveries: (r.deliveries ?? []) as unknown as Delivery[] });

export async function getRun(db: Db, id: string): Promise<RunSummary | null> {
  const r = await db.reportRun.findUnique({ where: { id }, select: RUN_FIELDS });
  return r ? summary(r) : null;
}

/** A run's kept file, for downloading from the history. */
export async function getRunFile(db: Db, id: string) {
  return db.reportRun.findUnique({ where: { id }, select: { file: true, fileName: true, contentType: true, scheduleId: true } });
}
