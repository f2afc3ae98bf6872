import "server-only";
import { pgTransaction, type Db } from "../db/client";
import { recordActivity, type PaidActivity } from "./activity";
import { CREATE_FOLD_BATCH_SQL, FOLD_BATCH, TAKE_CHANGES_SQL } from "./contributions";
import { FAMILIES } from "./families";
import { familyDropSql, familyFoldSql } from "./family-sql";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { tryFoldLock } from "./fold-lock";

// The folder: takes change-log rows in id order into a temporary table of signed
// contributions, adds them to every derived table in SQL (one upsert per family,
// lib/store/families.ts) and deletes them from the log, all in one transaction, so a crash anywhere loses or
// doubles nothing. Deleting is the watermark: what is still in the log is not
// folded yet. That also settles the pitfall of sequence values taken at insert
// but visible at commit: a writer that commits late with a lower id leaves its
// rows in the log, where the next pass finds them; nothing is skipped by an id
// the folder has already passed.

/** A change the folder cannot apply: it stops there, keeps the change and says why. */
export class FoldError extends Error {}

export interface FoldResult {
  /** changes applied */
  folded: number;
  passes: number;
  /** another folder held the lock */
  busy: boolean;
}

/** The contributions that just entered a counted state, for the tables that only grow. */
const PAID_SQL = `SELECT created_at AS "createdAt", payer_hash AS "payerHash", channel_code AS "channelCode", wallet_code AS "walletCode",
  payer_country AS "payerCountry", district_code AS "districtCode", merchant_id AS "merchantId", merchant_category::text AS "merchantCategory"
FROM ${FOLD_BATCH} WHERE entered_counted`;

/** One pass: up to `limit` changes applied and removed from the log, or none if another folder is at work. */
async function foldPass(db: Db, limit: number): Promise<{ folded: number; busy: boolean }> {
  return pgTransaction(
    db,
    async (tx) => {
      if (!(await tryFoldLock(tx))) return { folded: 0, busy: true };
      // an idle poll creates no temporary table
      const [log] = await tx.$queryRawUnsafe<{ some: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM change_log) AS some`);
      if (!log?.some) return { folded: 0, busy: false };
      await tx.$executeRawUnsafe(CREATE_FOLD_BATCH_SQL);
      if ((await tx.$executeRawUnsafe(TAKE_CHANGES_SQL, limit)) === 0) return { folded: 0, busy: false };
      const [batch] = await tx.$queryRawUnsafe<{ changes: number; moves: number; broken: string | null }[]>(
        `SELECT (count(*) FILTER (WHERE sign = 1))::integer AS changes, (count(*) FILTER (WHERE sign < 0))::integer AS moves,
           min(format('change %s (payment %s) cannot be folded: %s is missing', change_id, external_id,
             CASE WHEN created_at IS NULL THEN 'the payment' ELSE 'its merchant ' || merchant_id END))
             FILTER (WHERE created_at IS NULL OR merchant_category IS NULL) AS broken
         FROM ${FOLD_BATCH}`,
      );
      if (batch!.broken) throw new FoldError(batch!.broken);
      // each family's grouping of a 20,000-change batch in memory rather than spilled to disk
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
      for (const family of FAMILIES) {
        await tx.$executeRawUnsafe(familyFoldSql(family, FOLD_BATCH));
        const drop = batch!.moves > 0 ? familyDropSql(family, FOLD_BATCH) : null;
        if (drop) await tx.$executeRawUnsafe(drop);
      }
      await recordActivity(tx, await tx.$queryRawUnsafe<PaidActivity[]>(PAID_SQL));
      // new payments and repriced ones: their outlier rows follow their stored spread
      const spreadMoved = (await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT DISTINCT external_id AS id FROM ${FOLD_BATCH} WHERE spread_moved`)).map((r) => r.id);
      if (spreadMoved.length) {
        await tx.$executeRawUnsafe(`DELETE FROM fx_outliers WHERE external_id = ANY($1::text[])`, spreadMoved);
        await tx.$executeRawUnsafe(
          `INSERT INTO fx_outliers (external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id)
           SELECT * FROM (${FX_OUTLIERS_SQL}) o WHERE o.external_id = ANY($1::text[])`,
          spreadMoved,
        );
      }
      await tx.$executeRawUnsafe(
        `UPDATE fold_state SET folded = folded + $1, passes = passes + 1, version = version + 1, last_pass_at = now(), last_error = NULL, last_error_at = NULL WHERE id = 1`,
        batch!.changes,
      );
      return { folded: batch!.changes, busy: false };
    },
    { statementTimeoutMs: 300_000 },
  );
}

// The log is a queue: every folded change leaves a dead row behind, and until VACUUM frees them
// the freshness read every metric answer makes and the next pass's scan step over all of them
// (517,838 dead rows: 13 ms per freshness read instead of 1 ms). Autovacuum may be off or slow to
// come (PGlite has none), so the folder frees what it deleted once enough has gathered.
const VACUUM_EVERY = 50_000;
const foldedSinceVacuum = new WeakMap<Db, number>();

async function vacuumLogWhenDue(db: Db, folded: number): Promise<void> {
  const since = (foldedSinceVacuum.get(db) ?? 0) + folded;
  foldedSinceVacuum.set(db, since >= VACUUM_EVERY ? 0 : since);
  if (since >= VACUUM_EVERY) await db.$executeRawUnsafe(`VACUUM change_log`);
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
    if (pass.folded) await vacuumLogWhenDue(db, pass.folded);
    if (pass.busy || pass.folded < batch) return result;
  }
}
