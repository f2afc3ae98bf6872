import "server-only";
import crypto from "node:crypto";
import { newSigningSecret } from "../webhooks/sign";
import type { Db, Tx } from "../db/client";
import type { AlertRule } from "../db/generated/client";
import { closeIncident } from "./incidents";
import type { RuleSpec } from "./rule-spec";

// Stored alert rules. Changing a rule's limits keeps its state (an open
// incident stays open and is judged by the new limits); disabling, deleting or
// changing what it measures resolves its open incidents, so nothing is left
// open that nobody evaluates.

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
  return db.alertRule.create({ data: { id: crypto.randomUUID(), ...columns(spec), secret: newSigningSecret(), createdBy: by } });
}

/**
 * New limits keep the rule's state; a change of what it measures (kind,
 * grouping, wallets, districts, category) starts afresh: its open incidents
 * are resolved with that reason, since their subjects may no longer exist.
 */
export async function updateRule(db: Db, id: string, spec: RuleSpec, by = "system", now = new Date()): Promise<AlertRule | null> {
  return db.$transaction(async (tx) => {
    const old = await tx.alertRule.findUnique({ where: { id } });
    if (!old) return null;
    const next = columns(spec);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const remeasured = old.kind !== next.kind || old.groupBy !== next.groupBy || old.failureCategory !== next.failureCategory
      || !same(old.walletCodes, next.walletCodes) || !same(old.districtCodes, next.districtCodes);
    if (remeasured || (old.enabled && !next.enabled)) await closeAll(tx, id, by, now, remeasured ? "the rule now measures something else" : "the rule was disabled");
    return tx.alertRule.update({ where: { id }, data: { ...next, updatedAt: now } });
  });
}

/** Resolves the rule's open incidents with the reason and forgets its state. */
async function closeAll(tx: Tx, ruleId: string, by: string, now: Date, reason: string) {
  const open = await tx.incident.findMany({ where: { ruleId, status: { not: "RESOLVED" } }, select: { id: true } });
  for (const i of open) await closeIncident(tx, i.id, now, by, reason);
  await tx.alertState.deleteMany({ where: { ruleId } });
}

export async function deleteRule(db: Db, id: string, by: string, now = new Date()): Promise<{ name: string } | null> {
  return db.$transaction(async (tx) => {
    const rule = await tx.alertRule.findUnique({ where: { id }, select: { name: true } });
    if (!rule) return null;
    await closeAll(tx, id, by, now, "the rule was deleted");
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
