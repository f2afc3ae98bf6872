import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { createUser, listUsers, newUserSchema } from "@/lib/auth/users";

export const GET = apiRoute("ADMIN", async ({ db }) => ({ users: await listUsers(db) }));

export const POST = apiRoute("ADMIN", async ({ request, db, user, ip }) => {
  const input = await parseJsonBody(request, newUserSchema);
  if (await db.user.findUnique({ where: { email: input.email } })) {
    throw new HttpError(409, "duplicate_user", `A user with the e-mail ${input.email} already exists.`);
  }
  return Response.json({ user: await createUser(db, input, user, ip) }, { status: 201, headers: { "cache-control": "no-store" } });
});
