-- A wallet filter over a long range: the outliers of those wallets, widest first,
-- instead of every outlier of the range by time (August, two wallets, 10M:
-- 31k rows read to find none).
-- CreateIndex
CREATE INDEX "fx_outliers_wallet_code_spread_bps_idx" ON "fx_outliers"("wallet_code", "spread_bps" DESC);
