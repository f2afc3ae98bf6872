import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { getRunFile } from "@/lib/reports/schedules";

// The file a past run produced, exactly as it was delivered.
export const GET = apiRoute("ADMIN", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const run = id.success ? await getRunFile(db, id.data) : null;
  if (!run) throw new HttpError(404, "not_found", "No such report run.");
  if (!run.file || !run.fileName) throw new HttpError(404, "no_file", "This run kept no file (it failed before the file was built, or the file was larger than 20 MB).");
  await audit(db, { action: "export", actor: user, ip, target: `report-run/${id.data}`, detail: { file: run.fileName } });
  return new Response(new Uint8Array(run.file), {
    headers: {
      "content-type": run.contentType ?? "application/octet-stream",
      "content-disposition": `attachment; filename="${run.fileName}"`,
      "cache-control": "no-store",
    },
  });
});
