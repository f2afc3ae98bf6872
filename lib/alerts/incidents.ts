import "server-only";
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import type { Incident, IncidentEvent } from "../db/generated/client";
import { HttpError } from "../http/errors";
import type { Locale } from "../i18n/messages";
import { redact } from "../webhooks/post";
import { incidentTitle } from "./incident-title";
import { incidentChart } from "./links";

// Incidents as ops see and handle them: list, timeline, acknowledge, note,
// mute notifications for a while, resolve by hand.

export const incidentActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("acknowledge"), note: z.string().trim().max(1000).optional() }),
  z.strictObject({ action: z.literal("note"), note: z.string().trim().min(1, "a note needs text").max(1000) }),
  z.strictObject({ action: z.literal("mute"), minutes: z.number().int().min(5).max(24 * 60) }),
  z.strictObject({ action: z.literal("unmute") }),
  z.strictObject({ action: z.literal("resolve"), note: z.string().trim().max(1000).optional() }),
]);
export type IncidentAction = z.infer<typeof incidentActionSchema>;

export const incidentListSchema = z.strictObject({
  status: z.enum(["open", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

type WithEvents = Incident & { events: IncidentEvent[] };
/** Event ids are bigint in the database; JSON has no bigint. */
const plain = (i: WithEvents) => ({ ...i, events: i.events.map((e) => ({ ...e, id: String(e.id) })) });

export async function listIncidents(db: Db, q: z.infer<typeof incidentListSchema>, locale: Locale = "en") {
  const rows = await db.incident.findMany({
    // open ones first, newest first within each
    where: q.status === "open" ? { status: { not: "RESOLVED" } } : {},
    orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { openedAt: "desc" }],
    take: q.limit,
    include: { events: { orderBy: { at: "asc" } } },
  });
  // the delivery log: every notification of these incidents, with its attempts and last error
  const sent = await db.notification.findMany({
    where: { incidentId: { in: rows.map((r) => r.id) } },
    orderBy: { createdAt: "asc" },
    select: { incidentId: true, event: true, url: true, status: true, attempts: true, lastError: true, deliveredAt: true, createdAt: true },
  });
  const rules = new Map((await db.alertRule.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.ruleId))] } },
    select: { id: true, name: true, kind: true, groupBy: true, threshold: true },
  })).map((r) => [r.id, r]));
  const now = new Date();
  // the engine recorded the English title; other readers get theirs from the rule and the reading that opened it
  const title = (r: (typeof rows)[number]) => {
    const rule = rules.get(r.ruleId);
    const opened = r.events.find((e) => e.kind === "fired")?.value;
    return locale === "en" || !rule || opened === null || opened === undefined ? r.title : incidentTitle(rule, r.subject, opened, locale);
  };
  return rows.map((r) => ({
    ...plain(r),
    title: title(r),
    /** the rule's name as its author wrote it, which the title begins with */
    ruleName: rules.get(r.ruleId)?.name ?? null,
    chart: incidentChart(rules.get(r.ruleId)?.groupBy ?? null, r.subject, r.openedAt, r.resolvedAt ?? now),
    notifications: sent.filter((n) => n.incidentId === r.id).map(({ incidentId: _i, url, ...n }) => ({ ...n, to: redact(url) })),
  }));
}

/**
 * Marks an incident resolved with its timeline entry: by the evaluator on
 * recovery (`by` null), by hand, or when its rule goes away. False when it was
 * already resolved, so nothing is recorded twice.
 */
export async function closeIncident(tx: Tx, id: string, now: Date, by: string | null, text: string, value: number | null = null): Promise<boolean> {
  const { count } = await tx.incident.updateMany({ where: { id, status: { not: "RESOLVED" } }, data: { status: "RESOLVED", resolvedAt: now, resolvedBy: by } });
  if (count === 0) return false;
  await tx.incidentEvent.create({ data: { incidentId: id, at: now, kind: "resolved", actor: by, text, value } });
  return true;
}

export async function actOnIncident(db: Db, id: string, a: IncidentAction, actor: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id } });
    if (!incident) throw new HttpError(404, "not_found", "No such incident.");
    if (incident.status === "RESOLVED" && a.action !== "note") {
      throw new HttpError(409, "already_resolved", `This incident was resolved at ${incident.resolvedAt!.toISOString()}; only notes can be added.`);
    }
    const event = (kind: string, text?: string) => tx.incidentEvent.create({ data: { incidentId: id, at: now, kind, actor, text: text || null } });
    switch (a.action) {
      case "acknowledge":
        if (incident.status === "OPEN") await tx.incident.update({ where: { id }, data: { status: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedBy: actor } });
        await event("acknowledged", a.note);
        break;
      case "note":
        await event("note", a.note);
        break;
      case "mute": {
        const until = new Date(now.getTime() + a.minutes * 60_000);
        await tx.incident.update({ where: { id }, data: { mutedUntil: until } });
        await event("muted", `notifications muted for ${a.minutes} min (until ${until.toISOString()})`);
        break;
      }
      case "unmute":
        await tx.incident.update({ where: { id }, data: { mutedUntil: null } });
        await event("unmuted");
        break;
      case "resolve":
        await closeIncident(tx, id, now, actor, a.note || "resolved by hand");
        // the evaluator starts afresh: if the problem persists, a new incident opens after the pending period
        await tx.alertState.updateMany({ where: { incidentId: id }, data: { status: "OK", since: now, incidentId: null } });
        break;
    }
    return plain(await tx.incident.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "asc" } } } }));
  });
}
