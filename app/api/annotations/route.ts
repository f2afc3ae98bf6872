import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { reasonsOf } from "@/lib/http/metric-route";
import { annotationRangeSchema, annotationSchema, createAnnotation, listAnnotations } from "@/lib/alerts/annotations";

// Everyone signed in sees the notes on their charts; operations and admins write them.
export const GET = apiRoute("OFFICIAL", async ({ request, db, user }) => {
  const q = annotationRangeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success) throw new HttpError(400, "invalid_query", `The query is invalid: ${reasonsOf(q.error).join("; ")}.`);
  return { annotations: await listAnnotations(db, user, new Date(q.data.from), new Date(q.data.to)) };
});

export const POST = apiRoute("OPS", async ({ request, db, user, ip }) => {
  const a = await parseJsonBody(request, annotationSchema);
  const created = await createAnnotation(db, a, user.email);
  await audit(db, { action: "annotation_created", actor: user, target: created.text.slice(0, 100), ip, detail: { id: created.id, at: a.at } });
  return Response.json({ annotation: created }, { status: 201, headers: { "cache-control": "no-store" } });
});
