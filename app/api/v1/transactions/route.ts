import { HttpError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { parseRows, readBodyText } from "@/lib/http/body";
import { MAX_BATCH_BYTES, MAX_BATCH_ROWS } from "@/lib/ingest/schema";
import { ingestTransactions } from "@/lib/ingest/transactions";

export const POST = apiRoute("api-key", async ({ request, db, apiKey }) => {
  if (!apiKey!.permissions.includes("transactions")) {
    throw new HttpError(403, "forbidden", "This API key may not send payments; it was created for reference rates only.");
  }
  const rows = parseRows(await readBodyText(request, MAX_BATCH_BYTES), request.headers.get("content-type"));
  if (rows.length > MAX_BATCH_ROWS) {
    throw new HttpError(413, "payload_too_large", `A batch holds at most ${MAX_BATCH_ROWS} rows; this one has ${rows.length}. Split it.`);
  }
  if (rows.length === 0) throw new HttpError(400, "empty_batch", "The batch has no rows.");
  return ingestTransactions(db, rows, { allowedWallets: apiKey?.walletCodes });
});
