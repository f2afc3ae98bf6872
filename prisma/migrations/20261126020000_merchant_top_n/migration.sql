-- merchant_days gains the district and category it is ranked in and a totals
-- row per merchant-day; it is derived, so it is emptied here and refilled
-- from the raw rows by `npm run db:migrate` (ensureRollupsBuilt).
DELETE FROM "merchant_days";

-- AlterTable
ALTER TABLE "merchant_days" ADD COLUMN     "category" "merchant_category" NOT NULL,
ADD COLUMN     "district_code" VARCHAR(32) NOT NULL;

-- CreateTable
CREATE TABLE "venue_days" (
    "day" DATE NOT NULL,
    "venue_code" VARCHAR(48) NOT NULL,
    "radius_m" INTEGER NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payments" INTEGER NOT NULL,
    "payer_bits" BIGINT NOT NULL,

    CONSTRAINT "venue_days_pkey" PRIMARY KEY ("day","venue_code","radius_m","channel_code","wallet_code")
);

-- CreateIndex
CREATE INDEX "merchant_days_district_code_day_channel_code_wallet_code_am_idx" ON "merchant_days"("district_code", "day", "channel_code", "wallet_code", "amount_cny" DESC);
