-- Merchant coverage under several wallets reads only those wallets' rows, index-only.
-- CreateIndex
CREATE INDEX "merchant_firsts_channel_code_wallet_code_merchant_id_first__idx" ON "merchant_firsts"("channel_code", "wallet_code", "merchant_id", "first_day");
