import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { AUDIT_ACTIONS, listAudit } from "@/lib/auth/audit";

const auditQuerySchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().max(254).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const GET = apiRoute("ADMIN", async ({ request, db }) => {
  const q = auditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success) {
    throw new HttpError(400, "invalid_query", `The query is invalid: ${q.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}.`);
  }
  const { from, to, before, ...rest } = q.data;
  const entries = await listAudit(db, {
    ...rest,
    from: from ? new Date(from) : undefined,
    to: to ? new Date(to) : undefined,
    before: before ? BigInt(before) : undefined,
  });
  return { entries, next: entries.length === rest.limit ? entries.at(-1)!.id : null };
});
