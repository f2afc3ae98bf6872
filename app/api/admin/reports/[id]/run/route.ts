import { z } from "zod";
import { audit } from "@/lib/auth/audit";
import { getEnv } from "@/lib/env";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { startManualRun } from "@/lib/reports/runner";

// "Run now": answers as soon as the run is recorded; the history shows it
// running and then its outcome (webhook retries can take a while).
export const POST = apiRoute("ADMIN", async ({ db, user, ip, params }) => {
  const id = z.uuid().safeParse(params.id);
  const started = id.success ? await startManualRun(db, id.data, user.email, { reportsDir: getEnv().REPORTS_DIR }) : null;
  if (!started) throw new HttpError(404, "not_found", "No such scheduled report.");
  started.finished.catch((err) => console.error(`[reports] run ${started.runId} could not record its outcome:`, err));
  await audit(db, { action: "report_run", actor: user, target: id.data, ip, detail: { run: started.runId } });
  return Response.json({ runId: started.runId, status: "RUNNING" }, { status: 202, headers: { "cache-control": "no-store" } });
});
