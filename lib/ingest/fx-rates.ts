import "server-only";
import { pgTransaction, type Db, type Sql } from "../db/client";
import { unstorableText } from "../storable-text";
import { IngestValidationError, RateConflictError } from "./errors";
import { lockRateCurrencies } from "./rate-locks";
import { repriceMinutes, type RateKey } from "./reprice";
import { ingestReference } from "./reference-cache";
import { fxRateInputSchema, type RowError } from "./schema";

const MAX_FX_ROWS = 50_000;

export interface FxRateResult {
  received: number;
  inserted: number;
  corrected: number;
  unchanged: number;
  /** stored payments whose reference rate (and so spread) these rates set or changed */
  repriced: number;
}

export interface FxRateCorrection {
  currency: string;
  minute: string;
  before: string;
  after: string;
  reason: string;
  repriced: number;
}

interface ValidRate {
  row: number;
  currency: string;
  minuteMs: number;
  midRate: string;
  correction: boolean;
  reason: string | null;
}

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000) * 60_000;
const keyOf = (currency: string, minuteMs: number) => `${currency}|${minuteMs}`;

function validateRates(rows: unknown[], ref: Awaited<ReturnType<typeof ingestReference>>, allowedCurrencies: Set<string> | null): ValidRate[] {
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const ok = rows.flatMap((raw, row): ValidRate[] => {
    const text = unstorableText(raw);
    if (text.length) {
      text.forEach((p) => errors.push({ row, field: p.path, reason: p.reason }));
      return [];
    }
    const p = fxRateInputSchema.safeParse(raw);
    if (!p.success) {
      p.error.issues.forEach((i) =>
        errors.push({ row, field: i.code === "unrecognized_keys" ? i.keys.join(",") : i.path.join(".") || "(row)", reason: i.code === "unrecognized_keys" ? "unknown field" : i.message }),
      );
      return [];
    }
    const r = p.data;
    const fail = (field: string, reason: string) => errors.push({ row, field, reason });
    const currency = ref.currencies.get(r.currency);
    const before = errors.length;
    if (!currency || r.currency === "CNY") fail("currency", `unknown foreign currency ${r.currency}`);
    else if (allowedCurrencies && !allowedCurrencies.has(r.currency)) {
      fail("currency", `this API key may only write rates for ${[...allowedCurrencies].join(", ")} (its wallets' currencies)`);
    }
    const mid = Number(r.midRate);
    if (currency && !(mid >= Number(currency.rateMin) && mid <= Number(currency.rateMax))) {
      fail("midRate", `${r.midRate} CNY per ${r.currency} is outside the plausible ${currency.rateMin}-${currency.rateMax}`);
    }
    if (r.correction && !r.reason) fail("reason", "is required with correction: true (it is kept in the audit log)");
    const minuteMs = minuteOf(r.minute);
    const first = seen.get(keyOf(r.currency, minuteMs));
    if (first !== undefined) fail("minute", `${r.currency} at this minute is already in this batch (row ${first})`);
    else seen.set(keyOf(r.currency, minuteMs), row);
    if (errors.length > before) return [];
    return [{ row, currency: r.currency, minuteMs, midRate: r.midRate, correction: r.correction, reason: r.reason ?? null }];
  });
  if (errors.length) throw new IngestValidationError(errors);
  return ok;
}

/** Lost a race with another batch inserting the same minute: the whole batch is retried. */
class ConcurrentRateError extends Error {}

/** Who sent a batch, for the audit entry of each correction. */
export interface RateWriter {
  /** e.g. "api key partner-feed" */
  label: string;
  apiKeyId?: string;
  ip?: string | null;
}

async function writeRates(tx: Sql, rates: ValidRate[], writer: RateWriter): Promise<{ result: Omit<FxRateResult, "received">; corrections: FxRateCorrection[] }> {
  await lockRateCurrencies(tx, rates.map((r) => r.currency), "write");
  const stored = await tx.$queryRawUnsafe<{ currency_code: string; minute: Date; mid_rate: string; same: boolean }[]>(
    `SELECT r.currency_code, r.minute, r.mid_rate::text AS mid_rate, r.mid_rate = k.mid_rate::numeric AS same
     FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS k(currency_code, minute, mid_rate)
     JOIN fx_reference_rates r ON r.currency_code = k.currency_code AND r.minute = k.minute
     ORDER BY 1, 2`,
    rates.map((r) => r.currency),
    rates.map((r) => new Date(r.minuteMs)),
    rates.map((r) => r.midRate),
  );
  const byKey = new Map(stored.map((s) => [keyOf(s.currency_code, s.minute.getTime()), s]));
  const fresh: ValidRate[] = [];
  const changed: (ValidRate & { before: string })[] = [];
  const conflicts: RowError[] = [];
  let unchanged = 0;
  for (const r of rates) {
    const s = byKey.get(keyOf(r.currency, r.minuteMs));
    if (!s) fresh.push(r);
    else if (s.same) unchanged++;
    else if (r.correction) changed.push({ ...r, before: s.mid_rate });
    else {
      conflicts.push({
        row: r.row,
        field: "midRate",
        reason: `${r.currency} at ${new Date(r.minuteMs).toISOString()} already has the reference rate ${s.mid_rate}; to replace it send "correction": true with a "reason"`,
      });
    }
  }
  if (conflicts.length) throw new RateConflictError(conflicts);

  if (fresh.length) {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO fx_reference_rates (currency_code, minute, mid_rate)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[]) ON CONFLICT DO NOTHING`,
      fresh.map((r) => r.currency),
      fresh.map((r) => new Date(r.minuteMs)),
      fresh.map((r) => r.midRate),
    );
    if (inserted !== fresh.length) throw new ConcurrentRateError();
  }
  if (changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE fx_reference_rates r SET mid_rate = k.mid_rate
       FROM unnest($1::text[], $2::timestamptz[], $3::numeric[]) AS k(currency_code, minute, mid_rate)
       WHERE r.currency_code = k.currency_code AND r.minute = k.minute`,
      changed.map((r) => r.currency),
      changed.map((r) => new Date(r.minuteMs)),
      changed.map((r) => r.midRate),
    );
  }
  const keys: RateKey[] = [...fresh, ...changed].map((r) => ({ currency: r.currency, minuteMs: r.minuteMs }));
  const repriced = await repriceMinutes(tx, keys);
  const corrections = changed.map((r) => ({
    currency: r.currency,
    minute: new Date(r.minuteMs).toISOString(),
    before: r.before,
    after: r.midRate,
    reason: r.reason!,
    repriced: repriced.byKey.get(keyOf(r.currency, r.minuteMs)) ?? 0,
  }));
  // in the same transaction: a correction is never stored without its audit entry
  if (corrections.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO audit_log (actor_email, action, target, ip, detail)
       SELECT $1, 'fx_rate_corrected', t, $2, d::jsonb FROM unnest($3::text[], $4::text[]) AS u(t, d)`,
      writer.label.slice(0, 254),
      writer.ip?.slice(0, 64) ?? null,
      corrections.map((c) => `${c.currency} ${c.minute}`),
      corrections.map((c) => JSON.stringify({ ...c, apiKeyId: writer.apiKeyId ?? null })),
    );
  }
  return { result: { inserted: fresh.length, corrected: changed.length, unchanged, repriced: repriced.total }, corrections };
}

/**
 * Reference mid rates (CNY per unit) by currency and minute. A rate already
 * stored is never silently replaced: the same value is a no-op, a different
 * one is refused (RateConflictError) unless sent with `correction: true` and a
 * reason. Every written rate reprices the stored payments of its minute (their
 * reference rate, spread, rollups and FX outliers) in the same transaction,
 * so a late or corrected rate leaves nothing derived from the old one.
 * All-or-nothing per batch.
 */
export async function ingestFxRates(
  db: Db,
  rows: unknown[],
  opts: { allowedCurrencies?: string[]; writer?: RateWriter } = {},
): Promise<FxRateResult & { corrections: FxRateCorrection[] }> {
  if (rows.length > MAX_FX_ROWS) {
    throw new IngestValidationError([{ row: MAX_FX_ROWS, field: "(batch)", reason: `at most ${MAX_FX_ROWS} rates per batch` }]);
  }
  const ref = await ingestReference(db);
  const rates = validateRates(rows, ref, opts.allowedCurrencies?.length ? new Set(opts.allowedCurrencies) : null);
  if (!rates.length) return { received: rows.length, inserted: 0, corrected: 0, unchanged: 0, repriced: 0, corrections: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, corrections } = await pgTransaction(db, (tx) => writeRates(tx, rates, opts.writer ?? { label: "ingestion core" }), { statementTimeoutMs: 120_000 });
      return { received: rows.length, ...result, corrections };
    } catch (err) {
      if (err instanceof ConcurrentRateError && attempt < 3) continue;
      if (err instanceof ConcurrentRateError) throw new Error("The batch kept colliding with concurrent batches for the same minutes; retry it.");
      throw err;
    }
  }
}
