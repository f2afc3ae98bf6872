import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { revokeApiKey } from "@/lib/auth/api-keys";
import { audit } from "@/lib/auth/audit";

export const DELETE = apiRoute("ADMIN", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const revoked = id.success ? await revokeApiKey(db, id.data) : null;
  if (!revoked) throw new HttpError(404, "not_found", "No such API key.");
  await audit(db, { action: "api_key_revoked", actor: user, target: revoked.name, ip });
  return { revoked: true };
});
