import type { Sql } from "../db/client";
import { scaled } from "./exact";
import type { NormalizedTransaction } from "./validate";

/**
 * The lowest spread the FX outlier list accepts as a threshold: payments at or
 * above it are kept in fx_outliers. The simulated wallets' usual markups stay
 * below it, so the table holds about 1.5% of the payments.
 */
export const OUTLIER_FLOOR_BPS = 150;

const FLOOR = scaled(String(OUTLIER_FLOOR_BPS), 4);

/** The same rows from raw payments, for the rebuild and the exactness tests (columns in the table's order). */
export const FX_OUTLIERS_SQL = `SELECT external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id
  FROM transactions WHERE spread_bps >= ${OUTLIER_FLOOR_BPS}`;

/**
 * Adds the new payments whose spread (as stored, numeric(12,4) text) reached the
 * floor. A payment's spread and the columns kept here never change after its
 * insert, so status updates leave the table alone.
 */
export async function recordOutliers(tx: Sql, rows: NormalizedTransaction[], spreads: Map<string, string | null>): Promise<void> {
  const wide = rows.filter((r) => {
    const s = spreads.get(r.externalId);
    return s != null && scaled(s, 4) >= FLOOR;
  });
  if (!wide.length) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO fx_outliers (external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id)
     SELECT * FROM unnest($1::text[], $2::numeric[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    wide.map((r) => r.externalId),
    wide.map((r) => spreads.get(r.externalId)),
    wide.map((r) => r.createdAt.toISOString()),
    wide.map((r) => r.channelCode),
    wide.map((r) => r.walletCode),
    wide.map((r) => r.districtCode),
    wide.map((r) => r.merchantId),
  );
}
