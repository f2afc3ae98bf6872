import { HttpError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { parseRows, readBodyText } from "@/lib/http/body";
import { ingestFxRates } from "@/lib/ingest/fx-rates";
import { MAX_BATCH_BYTES } from "@/lib/ingest/schema";

// Reference mid rates (CNY per unit, by currency and minute) that FX spreads are measured against.
export const POST = apiRoute("api-key", async ({ request, db }) => {
  const rows = parseRows(await readBodyText(request, MAX_BATCH_BYTES), request.headers.get("content-type"));
  if (rows.length === 0) throw new HttpError(400, "empty_batch", "The batch has no rates.");
  return ingestFxRates(db, rows);
});
