import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { ruleSpecSchema } from "@/lib/alerts/rule-spec";
import { deleteRule, updateRule } from "@/lib/alerts/rules";

const notFound = () => new HttpError(404, "not_found", "No such alert rule.");

export const PUT = apiRoute("OPS", async ({ request, db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const spec = await parseJsonBody(request, ruleSpecSchema);
  const rule = await updateRule(db, id.data, spec, user.email);
  if (!rule) throw notFound();
  await audit(db, { action: "alert_rule_updated", actor: user, target: rule.name, ip, detail: { id: rule.id, enabled: rule.enabled, threshold: rule.threshold } });
  return { rule };
});

export const DELETE = apiRoute("OPS", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const deleted = id.success ? await deleteRule(db, id.data, user.email) : null;
  if (!deleted) throw notFound();
  await audit(db, { action: "alert_rule_deleted", actor: user, target: deleted.name, ip });
  return { deleted: true };
});
