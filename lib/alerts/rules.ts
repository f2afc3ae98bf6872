import "server-only";
import crypto from "node:crypto";
import type { Db } from "../db/client";
import type { AlertRule } from "../db/generated/client";
import type { RuleSpec } from "./rule-spec";

// Stored alert rules. Changing a rule's limits keeps its state (an open
// incident stays open and is judged by the new limits); deleting a rule
// resolves its open incidents so nothing is left open that nobody evaluates.

const columns = (r: RuleSpec) => ({
  name: r.name,
  kind: r.kind,
  groupBy: r.groupBy,
  walletCodes: r.wallets,
  districtCodes: r.districts,
  failureCategory: r.failureCategory,
  windowMinutes: r.windowMinutes,
  threshold: r.threshold,
  recoverAt: r.recoverAt,
  minVolume: r.minVolume,
  pendingSeconds: r.pendingSeconds,
  recoverySeconds: r.recoverySeconds,
  webhookUrl: r.webhookUrl,
  enabled: r.enabled,
});

export const listRules = (db: Db) => db.alertRule.findMany({ orderBy: { createdAt: "asc" } });

export function createRule(db: Db, spec: RuleSpec, by: string): Promise<AlertRule> {
  return db.alertRule.create({ data: { id: crypto.randomUUID(), ...columns(spec), secret: crypto.randomBytes(24).toString("base64url"), createdBy: by } });
}

export async function updateRule(db: Db, id: string, spec: RuleSpec): Promise<AlertRule | null> {
  const found = await db.alertRule.findUnique({ where: { id }, select: { id: true } });
  if (!found) return null;
  return db.alertRule.update({ where: { id }, data: { ...columns(spec), updatedAt: new Date() } });
}

export async function deleteRule(db: Db, id: string, by: string, now = new Date()): Promise<{ name: string } | null> {
  return db.$transaction(async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id }, select: { name: true } });
    if (!rule) return null;
    const open = await tx.incident.findMany({ where: { ruleId: id, status: { not: "RESOLVED" } }, select: { id: true } });
    for (const i of open) {
      await tx.incident.update({ where: { id: i.id }, data: { status: "RESOLVED", resolvedAt: now, resolvedBy: by } });
      await tx.incidentEvent.create({ data: { incidentId: i.id, at: now, kind: "resolved", actor: by, text: "the rule was deleted" } });
    }
    await tx.alertState.deleteMany({ where: { ruleId: id } });
    await tx.alertRule.delete({ where: { id } });
    return rule;
  });
}

/** Rules with where each of their subjects stands now, for the alerts page. */
export async function listRulesWithStates(db: Db) {
  const [rules, states] = await Promise.all([listRules(db), db.alertState.findMany({ orderBy: { subject: "asc" } })]);
  return rules.map((r) => ({
    ...r,
    states: states.filter((s) => s.ruleId === r.id).map((s) => ({ subject: s.subject, status: s.status, lastValue: s.lastValue })),
  }));
}
