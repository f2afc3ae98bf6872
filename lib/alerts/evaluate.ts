import "server-only";
import crypto from "node:crypto";
import type { Db, Tx } from "../db/client";
import { lockKey } from "../db/locks";
import type { AlertRule, Prisma } from "../db/generated/client";
import { formatReading, incidentTitle, subjectLabel } from "./incident-title";
import { closeIncident } from "./incidents";
import { incidentChart } from "./links";
import { measure, ruleWindow, type Reading } from "./measure";
import { KIND_INFO, type RuleKind } from "./rule-spec";
import { step, type Status } from "./transitions";

// One evaluation pass over every enabled rule. Readings come from the
// rollups; the state changes, incidents, timeline events and outgoing
// notifications of the pass are written in one transaction under an
// advisory lock, so two app processes never evaluate at once, a crash
// mid-pass leaves nothing half-done, and a rerun at the same instant changes nothing.

export interface PassResult {
  skipped: boolean;
  rules: number;
  fired: number;
  resolved: number;
}

export async function evaluateRules(db: Db, now = new Date()): Promise<PassResult> {
  const rules = await db.alertRule.findMany({ where: { enabled: true }, orderBy: { createdAt: "asc" } });
  const readings = new Map<string, Map<string, Reading>>();
  for (const rule of rules) readings.set(rule.id, await measure(db, rule, now));
  return db.$transaction(
    async (tx) => {
      const lock = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${lockKey("alerts")}) AS locked`);
      if (!lock[0]?.locked) return { skipped: true, rules: 0, fired: 0, resolved: 0 };
      const result: PassResult = { skipped: false, rules: rules.length, fired: 0, resolved: 0 };
      for (const rule of rules) {
        const byRule = readings.get(rule.id)!;
        const states = new Map((await tx.alertState.findMany({ where: { ruleId: rule.id } })).map((s) => [s.subject, s]));
        const subjects = new Set([...byRule.keys(), ...[...states.values()].filter((s) => s.status !== "OK").map((s) => s.subject)]);
        for (const subject of subjects) {
          const prev = states.get(subject);
          const reading = byRule.get(subject);
          const limits = { bad: KIND_INFO[rule.kind as RuleKind].bad, threshold: rule.threshold, recoverAt: rule.recoverAt, minVolume: rule.minVolume, pendingSeconds: rule.pendingSeconds, recoverySeconds: rule.recoverySeconds };
          const next = step(prev ? { status: prev.status as Status, since: prev.since } : undefined, reading, limits, now);
          let incidentId = prev?.incidentId ?? null;
          if (next.transition === "fire") {
            incidentId = await openIncident(tx, rule, subject, reading!, now);
            result.fired++;
          } else if (incidentId && next.transition) {
            if (next.transition === "resolve") result.resolved++;
            await advanceIncident(tx, rule, incidentId, next.transition, reading, now);
            if (next.transition === "resolve") incidentId = null;
          } else if (incidentId && reading && (next.status === "FIRING" || next.status === "RECOVERING")) {
            // the worst value seen: highest for "above" rules, lowest for volume drops
            if (limits.bad === "above") await tx.$executeRaw`UPDATE incidents SET peak_value = GREATEST(coalesce(peak_value, ${reading.value}), ${reading.value}) WHERE id = ${incidentId}::uuid`;
            else await tx.$executeRaw`UPDATE incidents SET peak_value = LEAST(coalesce(peak_value, ${reading.value}), ${reading.value}) WHERE id = ${incidentId}::uuid`;
          }
          const data = { status: next.status, since: next.since, incidentId, lastValue: reading?.value ?? null, lastVolume: reading?.volume ?? null, evaluatedAt: now };
          await tx.alertState.upsert({ where: { ruleId_subject: { ruleId: rule.id, subject } }, create: { ruleId: rule.id, subject, ...data }, update: data });
        }
      }
      return result;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

async function openIncident(tx: Tx, rule: AlertRule, subject: string, reading: Reading, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  const info = KIND_INFO[rule.kind as RuleKind];
  const title = incidentTitle(rule, subject, reading.value);
  await tx.incident.create({ data: { id, ruleId: rule.id, subject, title, status: "OPEN", openedAt: now, peakValue: reading.value } });
  await tx.incidentEvent.create({ data: { incidentId: id, at: now, kind: "fired", value: reading.value, text: `${info.label} ${formatReading(rule.kind, reading.value)} over ${reading.volume} payments in the last ${rule.windowMinutes} min` } });
  await queueNotification(tx, rule, id, "fired", now);
  return id;
}

async function advanceIncident(tx: Tx, rule: AlertRule, incidentId: string, transition: "recovering" | "refire" | "resolve", reading: Reading | undefined, now: Date) {
  const value = reading?.value ?? null;
  if (transition === "resolve") {
    // already resolved by hand: nothing more to say
    if (await closeIncident(tx, incidentId, now, null, `recovered: ${past(rule)} for ${rule.recoverySeconds} s`, value)) {
      await queueNotification(tx, rule, incidentId, "resolved", now);
    }
    return;
  }
  const text = transition === "recovering" ? `${formatReading(rule.kind, value ?? rule.recoverAt)}, ${past(rule)}` : "worse again before recovery completed";
  await tx.incidentEvent.create({ data: { incidentId, at: now, kind: transition === "recovering" ? "recovering" : "refired", value, text } });
}

/** "below 10.0%" for rules that fire above their threshold, "above …" for volume drops. */
const past = (rule: AlertRule) => `${KIND_INFO[rule.kind as RuleKind].bad === "above" ? "below" : "above"} ${formatReading(rule.kind, rule.recoverAt)}`;

async function queueNotification(tx: Tx, rule: AlertRule, incidentId: string, event: "fired" | "resolved", now: Date) {
  if (!rule.webhookUrl) return;
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  // muted: the timeline still records everything, nobody is paged
  if (incident.mutedUntil && incident.mutedUntil > now) return;
  const window = ruleWindow(rule.windowMinutes, now);
  const id = crypto.randomUUID();
  // the reading that opened it, for the title in the receiver's language
  const fired = await tx.incidentEvent.findFirst({ where: { incidentId, kind: "fired" }, orderBy: { at: "asc" }, select: { value: true } });
  const payload = {
    delivery: id,
    event: `incident.${event}`,
    at: now.toISOString(),
    incident: {
      id: incident.id,
      title: incident.title,
      titles: { en: incident.title, zh: fired?.value != null ? incidentTitle(rule, incident.subject, fired.value, "zh") : incident.title },
      status: incident.status,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      peakValue: incident.peakValue,
    },
    rule: { id: rule.id, name: rule.name, kind: rule.kind, threshold: rule.threshold, recoverAt: rule.recoverAt, windowMinutes: rule.windowMinutes },
    subject: { groupBy: rule.groupBy, code: incident.subject || null, name: subjectLabel(rule, incident.subject), nameZh: subjectLabel(rule, incident.subject, "zh") },
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    chart: incidentChart(rule.groupBy, incident.subject, window.from, window.to),
  };
  await tx.notification.create({
    data: { id, incidentId, ruleId: rule.id, event, url: rule.webhookUrl, payload: payload as Prisma.InputJsonValue, status: "PENDING", nextAttemptAt: now },
  });
}
