import "server-only";
import type { Db } from "../db/client";
import { ruleSpecSchema, type RuleSpecInput } from "./rule-spec";
import { createRule } from "./rules";

// Rules every installation has: ops may change their limits or disable them, and
// a deleted one is not brought back unless no rule of its kind is left.
export const BUILT_IN_RULES: RuleSpecInput[] = [
  // the folder stopped (a change it cannot apply, a dead app process) or cannot keep up
  { name: "Dashboard figures behind the payments", kind: "fold_lag", windowMinutes: 1, threshold: 60, recoverAt: 10, minVolume: 0, pendingSeconds: 30, recoverySeconds: 60 },
];

/** Creates each built-in rule whose kind has no rule yet; returns how many were created. */
export async function ensureBuiltInRules(db: Db): Promise<number> {
  let created = 0;
  for (const r of BUILT_IN_RULES) {
    if (await db.alertRule.count({ where: { kind: r.kind } })) continue;
    await createRule(db, ruleSpecSchema.parse(r), "built-in");
    created++;
  }
  return created;
}
