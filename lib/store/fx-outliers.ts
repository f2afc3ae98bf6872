/**
 * The lowest spread the FX outlier list accepts as a threshold: payments at or
 * above it are kept in fx_outliers. The simulated wallets' usual markups stay
 * below it, so the table holds about 1.5% of the payments.
 */
export const OUTLIER_FLOOR_BPS = 150;

/** The same rows from raw payments, for the rebuild and the exactness tests (columns in the table's order). */
export const FX_OUTLIERS_SQL = `SELECT external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id
  FROM transactions WHERE spread_bps >= ${OUTLIER_FLOOR_BPS}`;
