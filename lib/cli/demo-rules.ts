import "server-only";
import { ruleSpecSchema, type RuleSpecInput } from "../alerts/rule-spec";
import { createRule } from "../alerts/rules";
import type { Db } from "../db/client";

// A fresh demo gets a few alert rules, so the live feed's injected incidents
// open incidents a newcomer can watch; an existing set is left as it is.
const RULES: RuleSpecInput[] = [
  { name: "Wallet failure rate", kind: "failure_rate", groupBy: "wallet", windowMinutes: 5, threshold: 20, recoverAt: 8, minVolume: 20, pendingSeconds: 60, recoverySeconds: 180 },
  { name: "Latency p95", kind: "latency_p95", groupBy: null, windowMinutes: 5, threshold: 5000, minVolume: 50, pendingSeconds: 60, recoverySeconds: 180 },
  { name: "Unsettled payments", kind: "backlog", groupBy: null, windowMinutes: 10, threshold: 100, minVolume: 50, pendingSeconds: 60, recoverySeconds: 180 },
  { name: "FX spread p90", kind: "fx_spread_p90", groupBy: "wallet", windowMinutes: 10, threshold: 250, minVolume: 20, pendingSeconds: 60, recoverySeconds: 300 },
];

export async function demoAlertRules(db: Db): Promise<number> {
  // the built-in rules do not count: a fresh demo has only those
  if ((await db.alertRule.count({ where: { createdBy: { not: "built-in" } } })) > 0) return 0;
  for (const r of RULES) await createRule(db, ruleSpecSchema.parse(r), "demo");
  return RULES.length;
}
