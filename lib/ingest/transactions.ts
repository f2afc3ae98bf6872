import "server-only";
import { pgTransaction, type Db, type Sql } from "../db/client";
import { hasSqlState, SQLSTATE } from "../db/errors";
import { BatchTooLargeError, IngestValidationError } from "./errors";
import { ingestReference } from "./reference-cache";
import { MAX_BATCH_ROWS, type RowError } from "./schema";
import { logChanges, type Change } from "../store/change-log";
import { lockRateCurrencies } from "./rate-locks";
import { decide, type StoredTransaction } from "./transitions";
import { merchantIdsOf, midRateKey, rateMinutesOf, validateBatch, type MidRateLookup, type NormalizedTransaction } from "./validate";

export interface IngestResult {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A concurrent batch inserted or moved one of these payments since this one read them: a retry is safe. */
class ConcurrentWriteError extends Error {}

/** PostgreSQL chose this batch as a deadlock victim or could not serialise it; a retry is safe. */
function isDeadlock(err: unknown): boolean {
  // (by message too, for an error that reaches here without PostgreSQL's code)
  return hasSqlState(err, SQLSTATE.deadlock, SQLSTATE.serialization) || /deadlock detected|could not serialize/i.test((err as Error).message ?? "");
}

// The reference rate comes in as a parameter, read in this transaction under the currencies' lock
// (RATES_SQL): joining the rates table inside the insert cost Citus a second per batch (a reference
// table joined to a set-returning function, planned through the coordinator).
const INSERT_SQL = `
INSERT INTO transactions (external_id, channel_code, wallet_code, payer_country, merchant_id, district_code,
  currency_code, amount, amount_cny, fx_rate, mid_rate, spread_bps, status, result_code, latency_ms, payer_hash,
  created_at, updated_at)
SELECT i.external_id, i.channel_code, i.wallet_code, i.payer_country, i.merchant_id, i.district_code,
  i.currency_code, i.amount, i.amount_cny, f.fx_rate, i.mid_rate,
  CASE WHEN i.mid_rate IS NULL THEN NULL ELSE round((i.mid_rate / f.fx_rate - 1) * 10000, 4) END,
  i.status, i.result_code, i.latency_ms, i.payer_hash, i.created_at, i.updated_at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[],
  $9::numeric[], $10::transaction_status[], $11::text[], $12::integer[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::numeric[])
  AS i(external_id, channel_code, wallet_code, payer_country, merchant_id, district_code, currency_code, amount,
       amount_cny, status, result_code, latency_ms, payer_hash, created_at, updated_at, mid_rate)
CROSS JOIN LATERAL (SELECT round(i.amount_cny / i.amount, 12) AS fx_rate) f
ON CONFLICT (external_id) DO NOTHING
RETURNING external_id, spread_bps::text AS spread_bps`;

const RATES_SQL = `
SELECT r.currency_code, r.minute, r.mid_rate::text AS mid_rate
FROM unnest($1::text[], $2::timestamptz[]) AS k(currency_code, minute)
JOIN fx_reference_rates r ON r.currency_code = k.currency_code AND r.minute = k.minute`;

// Compare-and-set: a payment moves only from the state this batch read, so no row lock is taken
// before deciding (Citus refuses SELECT ... FOR UPDATE across shards). A concurrent batch that moved
// one of these payments first leaves it out of the count, and the batch starts again. Parameters
// arrive as typed arrays: Citus refuses casts of a column inside an UPDATE.
const UPDATE_SQL = `
UPDATE transactions t SET status = u.status, result_code = u.result_code, latency_ms = u.latency_ms, updated_at = u.updated_at
FROM unnest($1::text[], $2::transaction_status[], $3::text[], $4::integer[], $5::timestamptz[], $6::transaction_status[], $7::timestamptz[])
  AS u(external_id, status, result_code, latency_ms, updated_at, was_status, was_updated_at)
WHERE t.external_id = u.external_id AND t.status = u.was_status AND t.updated_at = u.was_updated_at`;

const SELECT_SQL = `
SELECT external_id, channel_code, wallet_code, merchant_id, currency_code, amount::text AS amount,
  amount_cny::text AS amount_cny, payer_hash, created_at, status::text AS status, result_code, latency_ms, updated_at,
  spread_bps::text AS spread_bps
FROM transactions WHERE external_id = ANY($1::text[])`;

interface StoredRow {
  external_id: string;
  channel_code: string;
  wallet_code: string | null;
  merchant_id: string;
  currency_code: string;
  amount: string;
  amount_cny: string;
  payer_hash: string;
  created_at: Date;
  status: StoredTransaction["status"];
  result_code: string;
  latency_ms: number | null;
  updated_at: Date;
  spread_bps: string | null;
}

const toStored = (r: StoredRow): StoredTransaction => ({
  externalId: r.external_id,
  channelCode: r.channel_code,
  walletCode: r.wallet_code,
  merchantId: r.merchant_id,
  currencyCode: r.currency_code,
  amount: r.amount,
  amountCny: r.amount_cny,
  payerHash: r.payer_hash,
  createdAt: r.created_at,
  status: r.status,
  resultCode: r.result_code,
  latencyMs: r.latency_ms,
  updatedAt: r.updated_at,
});

const iso = (d: Date) => d.toISOString();
const minuteOf = (d: Date) => Math.floor(d.getTime() / 60_000) * 60_000;

interface WriteContext {
  /** false: payments only, for a bulk load that rebuilds every derived table afterwards */
  derived: boolean;
}

/**
 * Writes a validated batch: the payments (new ones inserted, newer states
 * updated) and one change-log row per effective change, nothing else. Every
 * derived table is folded from the change log afterwards (lib/store/fold.ts).
 */
async function writeBatch(tx: Sql, rows: NormalizedTransaction[], ctx: WriteContext): Promise<IngestResult> {
  // a reference rate written concurrently for these currencies waits for this batch, or this batch for it
  await lockRateCurrencies(tx, rows.map((r) => r.currencyCode), "read");
  const storedRows = await tx.$queryRawUnsafe<StoredRow[]>(SELECT_SQL, rows.map((r) => r.externalId));
  const rawById = new Map(storedRows.map((r) => [r.external_id, r]));
  const fresh: NormalizedTransaction[] = [];
  const updates: NormalizedTransaction[] = [];
  const errors: RowError[] = [];
  let unchanged = 0;
  for (const r of rows) {
    const existing = rawById.get(r.externalId);
    if (!existing) {
      fresh.push(r);
      continue;
    }
    const d = decide(toStored(existing), r);
    if (d.kind === "conflict") errors.push({ row: r.row, externalId: r.externalId, field: d.field, reason: d.reason });
    else if (d.kind === "update") updates.push(r);
    else unchanged++;
  }
  if (errors.length) throw new IngestValidationError(errors);

  const changes: Change[] = [];
  if (fresh.length) {
    const col = <K extends keyof NormalizedTransaction>(k: K) => fresh.map((r) => r[k]);
    const keys = [...new Map(fresh.map((r) => [midRateKey(r.currencyCode, minuteOf(r.createdAt)), r])).values()];
    const found = await tx.$queryRawUnsafe<{ currency_code: string; minute: Date; mid_rate: string }[]>(
      RATES_SQL,
      keys.map((r) => r.currencyCode),
      keys.map((r) => new Date(minuteOf(r.createdAt))),
    );
    const rates = new Map(found.map((r) => [midRateKey(r.currency_code, r.minute.getTime()), r.mid_rate]));
    const inserted = await tx.$queryRawUnsafe<{ external_id: string; spread_bps: string | null }[]>(
      INSERT_SQL,
      col("externalId"),
      col("channelCode"),
      col("walletCode"),
      col("payerCountry"),
      col("merchantId"),
      col("districtCode"),
      col("currencyCode"),
      col("amount"),
      col("amountCny"),
      col("status"),
      col("resultCode"),
      fresh.map((r) => r.latencyMs),
      col("payerHash"),
      fresh.map((r) => iso(r.createdAt)),
      fresh.map((r) => iso(r.updatedAt)),
      fresh.map((r) => rates.get(midRateKey(r.currencyCode, minuteOf(r.createdAt))) ?? null),
    );
    // Another batch inserted one of these ids since our SELECT: retry from the start.
    if (inserted.length !== fresh.length) throw new ConcurrentWriteError();
    const spreads = new Map(inserted.map((r) => [r.external_id, r.spread_bps]));
    for (const r of fresh) {
      changes.push({ externalId: r.externalId, old: null, new: { status: r.status, resultCode: r.resultCode, latencyMs: r.latencyMs, spreadBps: spreads.get(r.externalId) ?? null } });
    }
  }
  if (updates.length) {
    const moved = await tx.$executeRawUnsafe(
      UPDATE_SQL,
      updates.map((r) => r.externalId),
      updates.map((r) => r.status),
      updates.map((r) => r.resultCode),
      updates.map((r) => r.latencyMs),
      updates.map((r) => iso(r.updatedAt)),
      updates.map((r) => rawById.get(r.externalId)!.status),
      updates.map((r) => iso(rawById.get(r.externalId)!.updated_at)),
    );
    if (moved !== updates.length) throw new ConcurrentWriteError();
    for (const r of updates) {
      const old = rawById.get(r.externalId)!;
      // a newer copy of the same state moves updated_at only: nothing derived changes
      if (old.status === r.status && old.result_code === r.resultCode && old.latency_ms === r.latencyMs) continue;
      changes.push({
        externalId: r.externalId,
        old: { status: old.status, resultCode: old.result_code, latencyMs: old.latency_ms, spreadBps: old.spread_bps },
        new: { status: r.status, resultCode: r.resultCode, latencyMs: r.latencyMs, spreadBps: old.spread_bps },
      });
    }
  }
  // a bulk load rebuilds every derived table afterwards: nothing to fold
  if (ctx.derived) await logChanges(tx, changes);
  return { received: rows.length, inserted: fresh.length, updated: updates.length, unchanged };
}

/** The reference mid rates at the minutes a batch's payments were made, for the spread band check. */
async function midRatesFor(db: Db, rows: unknown[]): Promise<MidRateLookup> {
  const { currencies, minutes } = rateMinutesOf(rows);
  if (!currencies.length) return new Map();
  const found = await db.$queryRawUnsafe<{ currency_code: string; minute: Date; mid_rate: string }[]>(
    `SELECT r.currency_code, r.minute, r.mid_rate::text AS mid_rate
     FROM unnest($1::text[], $2::timestamptz[]) AS k(currency_code, minute)
     JOIN fx_reference_rates r ON r.currency_code = k.currency_code AND r.minute = k.minute`,
    currencies,
    minutes,
  );
  return new Map(found.map((r) => [midRateKey(r.currency_code, r.minute.getTime()), Number(r.mid_rate)]));
}

/**
 * The one way transactions enter the database. All-or-nothing per batch:
 * either every row is valid and the batch is applied in one database
 * transaction, or an IngestValidationError lists every bad row and nothing is stored.
 */
export async function ingestTransactions(
  db: Db,
  rows: unknown[],
  opts: { allowedWallets?: string[]; derived?: boolean } = {},
): Promise<IngestResult> {
  if (rows.length > MAX_BATCH_ROWS) {
    throw new BatchTooLargeError(`A batch holds at most ${MAX_BATCH_ROWS} rows; this one has ${rows.length}. Split it.`);
  }
  if (rows.length === 0) return { received: 0, inserted: 0, updated: 0, unchanged: 0 };
  const ref = await ingestReference(db);
  const merchantIds = merchantIdsOf(rows);
  const merchants = await db.merchant.findMany({
    where: { id: { in: merchantIds } },
    select: { id: true, districtCode: true },
  });
  const { ok, errors } = validateBatch(rows, ref, new Map(merchants.map((m) => [m.id, m])), Date.now(), await midRatesFor(db, rows));
  // a key scoped to some wallets (a wallet partner's) may send only their payments
  const allowed = opts.allowedWallets?.length ? new Set(opts.allowedWallets) : null;
  if (allowed) {
    for (const r of ok) {
      if (!r.walletCode || !allowed.has(r.walletCode)) {
        errors.push({ row: r.row, externalId: r.externalId, field: "wallet", reason: `this API key may only send payments of ${[...allowed].join(", ")}` });
      }
    }
    errors.sort((a, b) => a.row - b.row);
  }
  if (errors.length) throw new IngestValidationError(errors);

  const ctx: WriteContext = { derived: opts.derived ?? true };
  for (let attempt = 1; ; attempt++) {
    try {
      return await pgTransaction(db, (tx) => writeBatch(tx, ok, ctx), { statementTimeoutMs: 120_000 });
    } catch (err) {
      const collided = err instanceof ConcurrentWriteError;
      if ((collided || isDeadlock(err)) && attempt < 3) continue;
      if (collided) {
        throw new Error("The batch kept colliding with concurrent batches for the same ids; retry it.");
      }
      throw err;
    }
  }
}
