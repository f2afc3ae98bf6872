-- FX outliers read payments above a spread threshold. Through an index on every
-- payment's spread they fetched each such payment of all time from the big table
-- and then kept the range's: their cost grew with the table (PostgreSQL 10M:
-- 1.5x the 1M time, PGlite 1.5-2.8x), and every payment paid for the index.
-- The payments at or above the lowest threshold the API accepts (150 bps, about
-- 1.5% of them) now get a row here, with the columns the filters need, in the
-- ingestion transaction; the list walks it widest first.
-- CreateTable
CREATE TABLE "fx_outliers" (
    "external_id" VARCHAR(64) NOT NULL,
    "spread_bps" DECIMAL(12,4) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32),
    "district_code" VARCHAR(32) NOT NULL,
    "merchant_id" VARCHAR(32) NOT NULL,

    CONSTRAINT "fx_outliers_pkey" PRIMARY KEY ("external_id")
);

-- CreateIndex
CREATE INDEX "fx_outliers_spread_bps_external_id_idx" ON "fx_outliers"("spread_bps" DESC, "external_id");

-- CreateIndex
CREATE INDEX "fx_outliers_created_at_idx" ON "fx_outliers"("created_at");

-- the payments already stored (the same rows as lib/ingest/fx-outliers.ts)
INSERT INTO "fx_outliers"
SELECT external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id
FROM transactions WHERE spread_bps >= 150;

-- DropIndex
DROP INDEX "transactions_spread_bps_idx";
