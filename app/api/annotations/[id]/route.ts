import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { deleteAnnotation } from "@/lib/alerts/annotations";

export const DELETE = apiRoute("OPS", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const deleted = id.success ? await deleteAnnotation(db, id.data) : null;
  if (!deleted) throw new HttpError(404, "not_found", "No such annotation.");
  await audit(db, { action: "annotation_deleted", actor: user, target: deleted.text.slice(0, 100), ip });
  return { deleted: true };
});
