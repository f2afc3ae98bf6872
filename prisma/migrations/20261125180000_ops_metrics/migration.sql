-- Rollups are derived data: emptied here so the next `npm run db:migrate`, demo or
-- simulate rebuilds them from raw rows with the new measure filled in.
TRUNCATE "rollup_5m", "rollup_1h", "rollup_1d", "rollup_1h_wallet", "rollup_1d_wallet", "rollup_1h_district", "rollup_1d_district", "payer_days", "payers", "merchant_firsts";

-- AlterTable
ALTER TABLE "rollup_5m" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h_wallet" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d_wallet" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1h_district" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "rollup_1d_district" ADD COLUMN     "spread_cost_cny" DECIMAL(24,10) NOT NULL,
ADD COLUMN     "payer_bits" BIGINT NOT NULL;

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
    "payer_bits" BIGINT NOT NULL,

    CONSTRAINT "merchant_days_pkey" PRIMARY KEY ("merchant_id","day","channel_code","wallet_code")
);

-- CreateIndex
CREATE INDEX "merchant_days_day_idx" ON "merchant_days"("day");

-- CreateIndex
CREATE INDEX "transactions_status_created_at_idx" ON "transactions"("status", "created_at");

-- CreateIndex
CREATE INDEX "transactions_spread_bps_idx" ON "transactions"("spread_bps");

-- Unique payers now come from HyperLogLog sketches (below); the per-day payer
-- list grew with the data and made every payer count a scan.
DROP TABLE "payer_days";

-- DropIndex
DROP INDEX "payers_first_paid_at_idx";

-- AlterTable
ALTER TABLE "payers" ADD COLUMN     "first_district_code" VARCHAR(32) NOT NULL;

-- CreateTable
CREATE TABLE "payer_first_days" (
    "day" DATE NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "payers" INTEGER NOT NULL,

    CONSTRAINT "payer_first_days_pkey" PRIMARY KEY ("day","channel_code","wallet_code","district_code")
);

-- CreateTable
CREATE TABLE "payer_sketches" (
    "day" DATE NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "registers" BYTEA NOT NULL,

    CONSTRAINT "payer_sketches_pkey" PRIMARY KEY ("day","channel_code","wallet_code","district_code")
);

-- Registers are random bytes: compressing them on every update costs time and saves nothing.
ALTER TABLE "payer_sketches" ALTER COLUMN "registers" SET STORAGE EXTERNAL;

-- Raises registers of a HyperLogLog sketch to at least the given ranks (the
-- incremental writer's merge; lib/ingest/hll.ts computes indexes and ranks).
CREATE FUNCTION "hll_add"(registers BYTEA, idx INTEGER[], rnk INTEGER[]) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  i INTEGER;
BEGIN
  FOR i IN 1 .. coalesce(array_length(idx, 1), 0) LOOP
    IF get_byte(registers, idx[i]) < rnk[i] THEN
      registers := set_byte(registers, idx[i], rnk[i]);
    END IF;
  END LOOP;
  RETURN registers;
END
$$;

-- CreateTable
CREATE TABLE "merchant_coverage_days" (
    "day" DATE NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "category" "merchant_category" NOT NULL,
    "merchants" INTEGER NOT NULL,

    CONSTRAINT "merchant_coverage_days_pkey" PRIMARY KEY ("day","channel_code","wallet_code","district_code","category")
);
