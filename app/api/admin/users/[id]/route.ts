import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { updateUser, userUpdateSchema } from "@/lib/auth/users";

export const PATCH = apiRoute("ADMIN", async ({ request, db, user, ip, params }) => {
  const id = params.id ?? "";
  const change = await parseJsonBody(request, userUpdateSchema);
  // an administrator cannot lock themselves out; another administrator must do it
  if (id === user.id && (change.disabled || (change.role && change.role !== "ADMIN"))) {
    throw new HttpError(409, "self_lockout", "You cannot disable yourself or remove your own administrator role.");
  }
  if (!(await db.user.findUnique({ where: { id } }).catch(() => null))) throw new HttpError(404, "not_found", "No such user.");
  return { user: await updateUser(db, id, change, user, ip) };
});
