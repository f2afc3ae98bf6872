import { pgTransaction, type Db } from "../db/client";
import { recordActivity, type PaidActivity } from "./activity";
import { isCounted } from "../statuses";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { RollupDelta, type Contribution } from "./rollups";
import { tryFoldLock } from "./fold-lock";

// The folder: takes change-log rows in id order, applies them to every derived
// table and deletes them, all in one transaction, so a crash anywhere loses or
// doubles nothing. Deleting is the watermark: what is still in the log is not
// folded yet. That also settles the pitfall of sequence values taken at insert
// but visible at commit: a writer that commits late with a lower id leaves its
// rows in the log, where the next pass finds them; nothing is skipped by an id
// the folder has already passed.

interface FoldRow {
  id: string;
  external_id: string;
  old_status: string | null;
  new_status: string;
  old_result_code: string | null;
  new_result_code: string;
  old_latency_ms: number | null;
  new_latency_ms: number | null;
  old_spread_bps: string | null;
  new_spread_bps: string | null;
  // the payment's parts that never change, null if the payment is missing
  created_at: Date | null;
  merchant_id: string | null;
  payer_hash: string;
  channel_code: string;
  wallet_code: string | null;
  payer_country: string;
  district_code: string;
  amount_cny: string;
  category: string | null;
  venue_code: string | null;
  venue_distance_m: number | null;
}

const TAKE_SQL = `
WITH c AS (
  DELETE FROM change_log WHERE id IN (SELECT id FROM change_log ORDER BY id LIMIT $1) RETURNING *
)
SELECT c.id::text AS id, c.external_id, c.old_status::text AS old_status, c.new_status::text AS new_status, c.old_result_code,
  c.new_result_code, c.old_latency_ms, c.new_latency_ms, c.old_spread_bps::text AS old_spread_bps, c.new_spread_bps::text AS new_spread_bps,
  t.created_at, t.merchant_id, t.payer_hash, t.channel_code, t.wallet_code, t.payer_country, t.district_code,
  t.amount_cny::text AS amount_cny, m.category::text AS category, m.nearest_venue_code AS venue_code, m.venue_distance_m
FROM c
LEFT JOIN transactions t ON t.external_id = c.external_id
LEFT JOIN merchants m ON m.id = t.merchant_id
ORDER BY c.id`;

/** A change the folder cannot apply: it stops there, keeps the change and says why. */
export class FoldError extends Error {}

export interface FoldResult {
  /** changes applied */
  folded: number;
  passes: number;
  /** another folder held the lock */
  busy: boolean;
}

function contribution(r: FoldRow, side: "old" | "new"): Contribution {
  return {
    createdAt: r.created_at!,
    merchantId: r.merchant_id!,
    payerHash: r.payer_hash,
    channelCode: r.channel_code,
    walletCode: r.wallet_code,
    payerCountry: r.payer_country,
    districtCode: r.district_code,
    merchantCategory: r.category!,
    venueCode: r.venue_code,
    venueDistanceM: r.venue_distance_m,
    status: side === "old" ? r.old_status! : r.new_status,
    resultCode: side === "old" ? r.old_result_code! : r.new_result_code,
    amountCny: r.amount_cny,
    latencyMs: side === "old" ? r.old_latency_ms : r.new_latency_ms,
    spreadBps: side === "old" ? r.old_spread_bps : r.new_spread_bps,
  };
}

/** One pass: up to `limit` changes applied and removed from the log, or none if another folder is at work. */
async function foldPass(db: Db, limit: number): Promise<{ folded: number; busy: boolean }> {
  return pgTransaction(
    db,
    async (tx) => {
      if (!(await tryFoldLock(tx))) return { folded: 0, busy: true };
      const rows = await tx.$queryRawUnsafe<FoldRow[]>(TAKE_SQL, limit);
      if (!rows.length) return { folded: 0, busy: false };
      const broken = rows.find((r) => r.created_at === null || r.category === null);
      if (broken) {
        throw new FoldError(
          `change ${broken.id} (payment ${broken.external_id}) cannot be folded: ${broken.created_at === null ? "the payment" : `its merchant ${broken.merchant_id}`} is missing`,
        );
      }
      const delta = new RollupDelta();
      const paid: PaidActivity[] = [];
      // new payments and repriced ones: their outlier rows follow their stored spread
      const spreadMoved: string[] = [];
      for (const r of rows) {
        if (r.old_status !== null) delta.add(contribution(r, "old"), -1);
        delta.add(contribution(r, "new"), 1);
        // first payers, sketches and merchant firsts only grow: a payment counts once, when it enters a counted state
        if (isCounted(r.new_status) && !(r.old_status !== null && isCounted(r.old_status))) {
          paid.push({
            createdAt: r.created_at!,
            payerHash: r.payer_hash,
            channelCode: r.channel_code,
            walletCode: r.wallet_code,
            payerCountry: r.payer_country,
            districtCode: r.district_code,
            merchantId: r.merchant_id!,
            merchantCategory: r.category!,
          });
        }
        if (r.old_status === null || r.old_spread_bps !== r.new_spread_bps) spreadMoved.push(r.external_id);
      }
      await delta.apply(tx);
      await recordActivity(tx, paid);
      if (spreadMoved.length) {
        await tx.$executeRawUnsafe(`DELETE FROM fx_outliers WHERE external_id = ANY($1::text[])`, spreadMoved);
        await tx.$executeRawUnsafe(
          `INSERT INTO fx_outliers (external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id)
           SELECT * FROM (${FX_OUTLIERS_SQL}) o WHERE o.external_id = ANY($1::text[])`,
          [...new Set(spreadMoved)],
        );
      }
      await tx.$executeRawUnsafe(
        `UPDATE fold_state SET folded = folded + $1, passes = passes + 1, version = version + 1, last_pass_at = now(), last_error = NULL, last_error_at = NULL WHERE id = 1`,
        rows.length,
      );
      return { folded: rows.length, busy: false };
    },
    { statementTimeoutMs: 300_000 },
  );
}

/**
 * Folds the change log until it is empty (or another folder holds the lock).
 * A change that cannot be applied stops the folder with FoldError, its reason
 * kept in fold_state for operations; the change stays in the log.
 */
export async function foldChanges(db: Db, opts: { batch?: number } = {}): Promise<FoldResult> {
  const batch = opts.batch ?? 20_000;
  const result: FoldResult = { folded: 0, passes: 0, busy: false };
  for (;;) {
    let pass: { folded: number; busy: boolean };
    try {
      pass = await foldPass(db, batch);
    } catch (err) {
      await db.$executeRawUnsafe(`UPDATE fold_state SET last_error = $1, last_error_at = now() WHERE id = 1`, (err as Error).message).catch(() => {});
      throw err;
    }
    result.passes++;
    result.folded += pass.folded;
    result.busy ||= pass.busy;
    if (pass.busy || pass.folded < batch) return result;
  }
}
