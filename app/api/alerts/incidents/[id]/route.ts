import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { actOnIncident, incidentActionSchema } from "@/lib/alerts/incidents";

// Acknowledge, note, mute, unmute or resolve an incident; answers with its timeline.
export const POST = apiRoute("OPS", async ({ request, db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HttpError(404, "not_found", "No such incident.");
  const action = await parseJsonBody(request, incidentActionSchema);
  const incident = await actOnIncident(db, id.data, action, user.email);
  await audit(db, { action: "incident_action", actor: user, target: incident.title, ip, detail: { id: incident.id, action: action.action } });
  return { incident };
});
