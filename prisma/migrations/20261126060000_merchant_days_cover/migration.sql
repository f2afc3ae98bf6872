-- The top-merchants lists read (district, day, channel, wallet) by volume: with the merchant id
-- in the index they are read from it alone (index-only scans), not one heap page per merchant-day.
-- DropIndex
DROP INDEX "merchant_days_district_code_day_channel_code_wallet_code_am_idx";

-- CreateIndex
CREATE INDEX "merchant_days_district_code_day_channel_code_wallet_code_am_idx" ON "merchant_days"("district_code", "day", "channel_code", "wallet_code", "amount_cny" DESC, "merchant_id");
