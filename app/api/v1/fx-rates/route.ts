import { HttpError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { parseRows, readBodyText } from "@/lib/http/body";
import { ingestFxRates } from "@/lib/ingest/fx-rates";
import { ingestReference } from "@/lib/ingest/reference-cache";
import { MAX_BATCH_BYTES } from "@/lib/ingest/schema";

// Reference mid rates (CNY per unit, by currency and minute) that FX spreads are measured against.
export const POST = apiRoute("api-key", async ({ request, db, apiKey, ip }) => {
  const key = apiKey!;
  if (!key.permissions.includes("fx-rates")) {
    throw new HttpError(403, "forbidden", "This API key may not write reference rates: they move every spread. An admin can create a key with the reference-rates permission.");
  }
  const rows = parseRows(await readBodyText(request, MAX_BATCH_BYTES), request.headers.get("content-type"));
  if (rows.length === 0) throw new HttpError(400, "empty_batch", "The batch has no rates.");
  // a key limited to wallets may write only those wallets' currencies
  const ref = await ingestReference(db);
  const allowedCurrencies = key.walletCodes.map((w) => ref.wallets.get(w)?.currencyCode).filter((c): c is string => !!c);
  const { corrections, ...result } = await ingestFxRates(db, rows, {
    allowedCurrencies: key.walletCodes.length ? allowedCurrencies : undefined,
    writer: { label: `api key ${key.name}`, apiKeyId: key.id, ip },
  });
  return { ...result, corrections };
});
