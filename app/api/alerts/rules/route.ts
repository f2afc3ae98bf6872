import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { ruleSpecSchema } from "@/lib/alerts/rule-spec";
import { createRule, listRules } from "@/lib/alerts/rules";

// Operations and admins define alert rules.
export const GET = apiRoute("OPS", async ({ db }) => ({ rules: await listRules(db) }));

export const POST = apiRoute("OPS", async ({ request, db, user, ip }) => {
  const spec = await parseJsonBody(request, ruleSpecSchema);
  const rule = await createRule(db, spec, user.email);
  await audit(db, { action: "alert_rule_created", actor: user, target: rule.name, ip, detail: { id: rule.id, kind: rule.kind, threshold: rule.threshold } });
  return Response.json({ rule }, { status: 201, headers: { "cache-control": "no-store" } });
});
