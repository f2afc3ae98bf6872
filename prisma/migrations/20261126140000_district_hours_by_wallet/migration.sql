-- The heatmap reads a wallet's (or the '*' totals') hours; the primary key starts with the hour, so
-- that was a scan of every wallet's rows in the range (August, two wallets, 10M: 18 ms). Every
-- column is in the key, so the read is index-only.
-- CreateIndex
CREATE INDEX "district_hours_wallet_idx" ON "district_hours"("wallet_code", "bucket", "channel_code", "district_code", "payments", "payer_bits");
