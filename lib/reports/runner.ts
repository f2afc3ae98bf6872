import "server-only";
import crypto from "node:crypto";
import type { Db } from "../db/client";
import type { Prisma, ReportSchedule } from "../db/generated/client";
import { DEFAULT_DELIVERY, deliverToFolder, deliverToWebhook, type DeliveryOptions, type Outgoing } from "./deliver";
import { generateReport } from "./generate";
import { getRun, type Delivery, type RunSummary } from "./schedules";
import type { Cadence } from "./spec";
import { latestOccurrence } from "./timing";

// Runs scheduled reports. Every app process may call runDueReports: a run is
// claimed by inserting its (schedule, occurrence) row, which the unique key
// lets only one process do, so a report is never sent twice. A server that
// was down runs the latest missed occurrence once when it is back; older
// missed ones are not replayed (a pile of stale briefings helps nobody).

export interface RunnerOptions {
  reportsDir: string;
  delivery?: DeliveryOptions;
}

/** A run still RUNNING after this long was cut off (server stopped or hung). */
export const RUN_LEASE_MS = 15 * 60_000;
/** Generated files up to this size are kept in the history for download. */
const KEEP_FILE_BYTES = 20 * 1024 * 1024;

async function claim(db: Db, scheduleId: string, scheduledFor: Date, trigger: "schedule" | "manual", requestedBy: string | null, now: Date) {
  const id = crypto.randomUUID();
  const { count } = await db.reportRun.createMany({
    data: [{ id, scheduleId, scheduledFor, trigger, requestedBy, status: "RUNNING", startedAt: now }],
    skipDuplicates: true,
  });
  return count === 1 ? id : null;
}

/** Marks runs cut off by a stop or a hang as failed, so the history never shows them running for ever. */
export async function failInterrupted(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.reportRun.updateMany({
    where: { status: "RUNNING", startedAt: { lt: new Date(now.getTime() - RUN_LEASE_MS) } },
    data: { status: "FAILED", finishedAt: now, error: `Interrupted: still running after ${RUN_LEASE_MS / 60_000} minutes (the server stopped or the run hung); it may be partly delivered. Use "Run now" to send it again.` },
  });
  return count;
}

/** Runs every enabled schedule whose latest occurrence has no run yet. Returns the runs it carried out. */
export async function runDueReports(db: Db, opts: RunnerOptions, now = new Date()): Promise<RunSummary[]> {
  await failInterrupted(db, now);
  const done: RunSummary[] = [];
  for (const s of await db.reportSchedule.findMany({ where: { enabled: true } })) {
    const due = latestOccurrence({ cadence: s.cadence as Cadence, atMinute: s.atMinute, weekday: s.weekday }, now);
    if (due < s.scheduleFrom) continue;
    const runId = await claim(db, s.id, due, "schedule", null, now);
    if (runId) done.push(await execute(db, s, runId, due, opts));
  }
  return done;
}

/** "Run now": claims a run at once (so the history shows it) and returns it with the promise of its end. */
export async function startManualRun(db: Db, scheduleId: string, requestedBy: string, opts: RunnerOptions, now = new Date()) {
  const s = await db.reportSchedule.findUnique({ where: { id: scheduleId } });
  if (!s) return null;
  const runId = await claim(db, s.id, now, "manual", requestedBy, now);
  if (!runId) return null;
  return { runId, finished: execute(db, s, runId, now, opts) };
}

async function execute(db: Db, s: ReportSchedule, runId: string, scheduledFor: Date, opts: RunnerOptions): Promise<RunSummary> {
  const finish = async (data: Prisma.ReportRunUpdateInput) => {
    await db.reportRun.update({ where: { id: runId }, data: { ...data, finishedAt: new Date() } });
    return (await getRun(db, runId))!;
  };
  let file;
  try {
    const creator = s.createdBy ? await db.user.findUnique({ where: { id: s.createdBy }, select: { email: true } }) : null;
    file = await generateReport(db, s, scheduledFor, creator?.email ?? null);
  } catch (err) {
    return finish({ status: "FAILED", error: `Could not build the report: ${(err as Error).message}` });
  }
  const out: Outgoing = { ...file, reportId: s.id, runId, reportName: s.name, secret: s.secret };
  const deliveries: Delivery[] = await Promise.all([
    ...(s.folder ? [deliverToFolder(opts.reportsDir, s.folder, out)] : []),
    ...s.webhooks.map((url) => deliverToWebhook(url, out, opts.delivery ?? DEFAULT_DELIVERY)),
  ]);
  const failed = deliveries.filter((d) => !d.ok);
  return finish({
    status: failed.length ? "FAILED" : "SUCCEEDED",
    error: failed.length ? `${failed.length} of ${deliveries.length} deliveries failed: ${failed.map((d) => `${d.to}: ${d.detail}`).join("; ")}` : null,
    rangeFrom: file.range.from,
    rangeTo: file.range.to,
    fileName: file.fileName,
    contentType: file.contentType,
    bytes: file.body.length,
    rows: file.rows,
    file: file.body.length <= KEEP_FILE_BYTES ? new Uint8Array(file.body) : null,
    deliveries: deliveries as unknown as Prisma.InputJsonValue,
  });
}
