import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { auditQuerySchema, listAudit } from "@/lib/auth/audit";

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
