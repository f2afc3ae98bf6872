import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { deleteSchedule, updateSchedule } from "@/lib/reports/schedules";
import { reportSpecSchema } from "@/lib/reports/spec";

const notFound = () => new HttpError(404, "not_found", "No such scheduled report.");

export const PUT = apiRoute("ADMIN", async ({ request, db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const spec = await parseJsonBody(request, reportSpecSchema);
  const updated = await updateSchedule(db, id.data, spec);
  if (!updated) throw notFound();
  await audit(db, { action: "report_updated", actor: user, target: updated.name, ip, detail: { id: updated.id, enabled: updated.enabled } });
  return { report: updated };
});

export const DELETE = apiRoute("ADMIN", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const deleted = id.success ? await deleteSchedule(db, id.data) : null;
  if (!deleted) throw notFound();
  await audit(db, { action: "report_deleted", actor: user, target: deleted.name, ip });
  return { deleted: true };
});
