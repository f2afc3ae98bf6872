import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { HttpError } from "@/lib/http/errors";
import { getRun } from "@/lib/reports/schedules";

export const GET = apiRoute("ADMIN", async ({ db, params }) => {
  const id = z.uuid().safeParse(params.id);
  const run = id.success ? await getRun(db, id.data) : null;
  if (!run) throw new HttpError(404, "not_found", "No such report run.");
  return { run };
});
