-- Merchant coverage reads one wallet's (or the '*' rows') days up to the range's end; the primary
-- key starts with the day, so that was a scan of every wallet's rows. Every column is in the key,
-- so the read is index-only.
-- CreateIndex
CREATE INDEX "merchant_coverage_days_wallet_day_idx" ON "merchant_coverage_days"("channel_code", "wallet_code", "day", "district_code", "category", "merchants");
