import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { createApiKey, listApiKeys, newApiKeySchema } from "@/lib/auth/api-keys";
import { audit } from "@/lib/auth/audit";

export const GET = apiRoute("ADMIN", async ({ db }) => ({ keys: await listApiKeys(db) }));

export const POST = apiRoute("ADMIN", async ({ request, db, user, ip }) => {
  const spec = await parseJsonBody(request, newApiKeySchema);
  const created = await createApiKey(db, spec, user.id);
  await audit(db, { action: "api_key_created", actor: user, target: `${spec.name} (${created.prefix}…)`, ip, detail: { wallets: spec.wallets, permissions: spec.permissions } });
  // the only time the key is shown
  return Response.json({ id: created.id, key: created.key, prefix: created.prefix }, { status: 201, headers: { "cache-control": "no-store" } });
});
