import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { createSchedule, listSchedules } from "@/lib/reports/schedules";
import { reportSpecSchema } from "@/lib/reports/spec";

export const GET = apiRoute("ADMIN", async ({ db }) => ({ reports: await listSchedules(db) }));

export const POST = apiRoute("ADMIN", async ({ request, db, user, ip }) => {
  const spec = await parseJsonBody(request, reportSpecSchema);
  const created = await createSchedule(db, spec, user.id);
  await audit(db, { action: "report_created", actor: user, target: created.name, ip, detail: { id: created.id, kind: created.kind, format: created.format, cadence: created.cadence } });
  return Response.json({ report: created }, { status: 201, headers: { "cache-control": "no-store" } });
});
