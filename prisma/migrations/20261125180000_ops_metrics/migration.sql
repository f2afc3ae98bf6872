-- Rollups are derived data: emptied here so the next `npm run db:migrate`, demo or
-- simulate rebuilds them from raw rows with the new measure filled in.
TRUNCATE "rollup_5m", "rollup_1h", "rollup_1d", "rollup_1h_wallet", "rollup_1d_wallet", "rollup_1h_district", "rollup_1d_district", "payer_days", "payers", "merchant_firsts";

-- AlterTable
ALTER TABLE "rollup_5m" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h_wallet" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d_wallet" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h_district" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d_district" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL;

-- CreateTable
CREATE TABLE "merchant_days" (
    "day" DATE NOT NULL,
    "merchant_id" VARCHAR(32) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "attempts" INTEGER NOT NULL,
    "payments" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "merchant_days_pkey" PRIMARY KEY ("merchant_id","day","channel_code","wallet_code")
);

-- CreateIndex
CREATE INDEX "merchant_days_day_idx" ON "merchant_days"("day");

-- CreateIndex
CREATE INDEX "transactions_status_created_at_idx" ON "transactions"("status", "created_at");

-- CreateIndex
CREATE INDEX "transactions_spread_bps_idx" ON "transactions"("spread_bps");
