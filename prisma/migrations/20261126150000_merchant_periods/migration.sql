-- merchant_days summed per ISO week (Monday to Sunday, local) and calendar month: top merchants
-- over a range read a list per district, (channel, wallet) and whole month, whole week or
-- remaining day instead of one per day (August with two wallets: 806 lists, now 26). Filled from
-- merchant_days by `npm run db:migrate` / the demo's prepare step (an empty derived table is filled).
-- CreateTable
CREATE TABLE "merchant_periods" (
    "grain" VARCHAR(8) NOT NULL,
    "start" DATE NOT NULL,
    "merchant_id" VARCHAR(32) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "category" "merchant_category" NOT NULL,
    "attempts" INTEGER NOT NULL,
    "payments" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "payer_bits" BIGINT NOT NULL,

    CONSTRAINT "merchant_periods_pkey" PRIMARY KEY ("merchant_id","grain","start","channel_code","wallet_code","district_code")
);

-- CreateIndex
CREATE INDEX "merchant_periods_lists_idx" ON "merchant_periods"("district_code", "grain", "start", "channel_code", "wallet_code", "amount_cny" DESC, "merchant_id");
