import type { Db } from "../db/client";
import { IngestValidationError } from "./errors";
import { ingestReference } from "./reference-cache";
import { fxRateInputSchema, type RowError } from "./schema";

const MAX_FX_ROWS = 50_000;

const UPSERT_SQL = `
INSERT INTO fx_reference_rates (currency_code, minute, mid_rate)
SELECT r.currency_code, date_trunc('minute', r.minute::timestamptz), r.mid_rate::numeric
FROM unnest($1::text[], $2::text[], $3::text[]) AS r(currency_code, minute, mid_rate)
ON CONFLICT (currency_code, minute) DO UPDATE SET mid_rate = EXCLUDED.mid_rate
WHERE fx_reference_rates.mid_rate IS DISTINCT FROM EXCLUDED.mid_rate`;

/** Reference mid rates (CNY per unit) by currency and minute; ingest them before the payments they price. */
export async function ingestFxRates(db: Db, rows: unknown[]): Promise<{ received: number; written: number }> {
  if (rows.length > MAX_FX_ROWS) {
    throw new IngestValidationError([{ row: MAX_FX_ROWS, field: "(batch)", reason: `at most ${MAX_FX_ROWS} rates per batch` }]);
  }
  const ref = await ingestReference(db);
  const errors: RowError[] = [];
  const ok = rows.flatMap((raw, row) => {
    const p = fxRateInputSchema.safeParse(raw);
    if (!p.success) {
      p.error.issues.forEach((i) => errors.push({ row, field: i.path.join(".") || "(row)", reason: i.message }));
      return [];
    }
    if (!ref.currencies.has(p.data.currency)) errors.push({ row, field: "currency", reason: `unknown currency ${p.data.currency}` });
    if (!/[1-9]/.test(p.data.midRate)) errors.push({ row, field: "midRate", reason: "must be greater than zero" });
    return [p.data];
  });
  if (errors.length) throw new IngestValidationError(errors);
  const written = await db.$executeRawUnsafe(
    UPSERT_SQL,
    ok.map((r) => r.currency),
    ok.map((r) => r.minute),
    ok.map((r) => r.midRate),
  );
  return { received: rows.length, written };
}
