import "server-only";
import { onCitus } from "../db/citus";
import type { Sql } from "../db/client";
import { CREATE_FOLD_BATCH_SQL, FOLD_BATCH, MERCHANT_COLUMNS, merchantContributionsSql } from "./contributions";
import { FAMILIES } from "./families";
import { emptiedRowsSql, familyFoldSql, type Family } from "./family-sql";

// The derived tables file a payment under its merchant's category and nearest venue as the fold
// found them (the payment itself stores only the district). A correction of either would leave the
// folded payments under the old ones while later changes to the same payments, and any rebuild,
// use the new: a refund after a category correction took one payment out of a cell it was never in.

/** The contribution columns read from the merchant, as a family's key SQL names them (`c.ring_m`). */
const MERCHANT_PARTS = new RegExp(`\\bc\\.(${MERCHANT_COLUMNS.join("|")})\\b`);

/**
 * The families keyed by a merchant's category or venue, with the SQL that deletes the rows a
 * re-filing emptied (every count zero) among the first key values it took payments out of. Other
 * families file a merchant's payments under the same keys before and after.
 */
const EMPTIED_ROWS_SQL = FAMILIES.flatMap((f: Family) => {
  const keySql = [...f.columns.flatMap((c) => ("key" in c ? [c.key] : [])), ...(f.expand?.rows.flat() ?? [])].join(" ");
  if (!MERCHANT_PARTS.test(keySql)) return [];
  const empty = f.columns.filter((c) => "count" in c).map((c) => `${c.name} = 0`);
  return [emptiedRowsSql(f, FOLD_BATCH, empty.join(" AND "))];
});

/** The columns that keep the category of a key's first row (merchant_days, merchant_periods). */
const KEPT_CATEGORIES = FAMILIES.flatMap((f) =>
  f.columns.filter((c) => "kept" in c && c.kept === "c.merchant_category").map((c) => ({ table: f.table, column: c.name })),
);

/**
 * Runs `correct` (the merchants' upsert) between taking the folded payments of `merchantIds` out
 * of every derived table under the merchants as they are and putting them back under the merchants
 * as `correct` leaves them. The caller holds the fold lock, so no pass folds in between; a payment
 * written meanwhile has its change waiting in the log and counts in neither step.
 */
export async function refileMerchantPayments<T>(tx: Sql, merchantIds: string[], correct: () => Promise<T>): Promise<T> {
  if (merchantIds.length === 0) return correct();
  // Citus: one connection per worker, as in its rebuild, or the category update after the fold's
  // upserts fails on "placements that were modified over multiple connections"
  if (await onCitus(tx)) await tx.$executeRawUnsafe(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
  await tx.$executeRawUnsafe(CREATE_FOLD_BATCH_SQL);
  await tx.$executeRawUnsafe(merchantContributionsSql(-1), merchantIds);
  const result = await correct();
  await tx.$executeRawUnsafe(merchantContributionsSql(1), merchantIds);
  for (const family of FAMILIES) await tx.$executeRawUnsafe(familyFoldSql(family, FOLD_BATCH));
  for (const sql of EMPTIED_ROWS_SQL) await tx.$executeRawUnsafe(sql);
  // a rebuild keeps the lowest category of a key's payments, all of them this merchant's now
  for (const { table, column } of KEPT_CATEGORIES) {
    await tx.$executeRawUnsafe(
      `UPDATE ${table} x SET ${column} = m.category FROM merchants m
       WHERE m.id = x.merchant_id AND x.merchant_id = ANY($1::text[]) AND x.${column} <> m.category`,
      merchantIds,
    );
  }
  return result;
}
