-- CreateEnum
CREATE TYPE "transaction_status" AS ENUM ('PENDING', 'SUCCESS', 'FAILED', 'UNKNOWN', 'REFUNDED');

-- CreateEnum
CREATE TYPE "district_kind" AS ENUM ('DISTRICT', 'COUNTY', 'CITY');

-- CreateEnum
CREATE TYPE "failure_category" AS ENUM ('PAYER', 'WALLET_PARTNER', 'NETWORK_SYSTEM', 'RISK_COMPLIANCE');

-- CreateEnum
CREATE TYPE "merchant_category" AS ENUM ('DINING', 'RETAIL', 'CONVENIENCE', 'HOTEL', 'TRANSPORT', 'ATTRACTION', 'SOUVENIR', 'ENTERTAINMENT');

-- CreateEnum
CREATE TYPE "calendar_event_kind" AS ENUM ('CEREMONY', 'HOLIDAY', 'COMPETITION', 'MATCH_DAYS');

-- CreateTable
CREATE TABLE "currencies" (
    "code" VARCHAR(3) NOT NULL,
    "name" TEXT NOT NULL,
    "minor_units" SMALLINT NOT NULL,

    CONSTRAINT "currencies_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "channels" (
    "code" VARCHAR(16) NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "wallets" (
    "code" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "home_country" VARCHAR(2) NOT NULL,
    "home_region" TEXT NOT NULL,
    "currency_code" VARCHAR(3) NOT NULL,
    "live_since" DATE NOT NULL,
    "pilot" BOOLEAN NOT NULL,

    CONSTRAINT "wallets_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "districts" (
    "code" VARCHAR(32) NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "kind" "district_kind" NOT NULL,
    "current" BOOLEAN NOT NULL,
    "merged_into_code" VARCHAR(32),
    "valid_from" DATE,
    "valid_to" DATE,
    "lat" DECIMAL(9,6),
    "lon" DECIMAL(9,6),

    CONSTRAINT "districts_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "venues" (
    "code" VARCHAR(48) NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "sports" TEXT NOT NULL,
    "lat" DECIMAL(9,6),
    "lon" DECIMAL(9,6),
    "coords_estimated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "venues_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "calendar_events" (
    "id" SERIAL NOT NULL,
    "kind" "calendar_event_kind" NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "venue_code" VARCHAR(48),
    "simulated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "calendar_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "result_codes" (
    "code" VARCHAR(64) NOT NULL,
    "category" "failure_category",
    "description_en" TEXT NOT NULL,
    "description_zh" TEXT NOT NULL,
    "retryable" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "result_codes_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "merchants" (
    "id" VARCHAR(32) NOT NULL,
    "name" TEXT NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "category" "merchant_category" NOT NULL,
    "lat" DECIMAL(9,6) NOT NULL,
    "lon" DECIMAL(9,6) NOT NULL,
    "nearest_venue_code" VARCHAR(48),
    "venue_distance_m" INTEGER,
    "onboarded_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merchants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fx_reference_rates" (
    "currency_code" VARCHAR(3) NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "mid_rate" DECIMAL(24,12) NOT NULL,

    CONSTRAINT "fx_reference_rates_pkey" PRIMARY KEY ("currency_code","minute")
);

-- CreateTable
CREATE TABLE "transactions" (
    "external_id" VARCHAR(64) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32),
    "payer_country" VARCHAR(2) NOT NULL,
    "merchant_id" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "currency_code" VARCHAR(3) NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "amount_cny" DECIMAL(18,2) NOT NULL,
    "fx_rate" DECIMAL(24,12) NOT NULL,
    "mid_rate" DECIMAL(24,12),
    "spread_bps" DECIMAL(12,4),
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "latency_ms" INTEGER,
    "payer_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("external_id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "key_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "simulation_runs" (
    "id" SERIAL NOT NULL,
    "seed" INTEGER NOT NULL,
    "transactions" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "simulation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "venues_district_code_idx" ON "venues"("district_code");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_events_kind_name_en_key" ON "calendar_events"("kind", "name_en");

-- CreateIndex
CREATE INDEX "merchants_district_code_idx" ON "merchants"("district_code");

-- CreateIndex
CREATE INDEX "transactions_created_at_external_id_idx" ON "transactions"("created_at", "external_id");

-- CreateIndex
CREATE INDEX "transactions_wallet_code_created_at_idx" ON "transactions"("wallet_code", "created_at");

-- CreateIndex
CREATE INDEX "transactions_merchant_id_idx" ON "transactions"("merchant_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- AddForeignKey
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_currency_code_fkey" FOREIGN KEY ("currency_code") REFERENCES "currencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "districts" ADD CONSTRAINT "districts_merged_into_code_fkey" FOREIGN KEY ("merged_into_code") REFERENCES "districts"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "venues" ADD CONSTRAINT "venues_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_venue_code_fkey" FOREIGN KEY ("venue_code") REFERENCES "venues"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_nearest_venue_code_fkey" FOREIGN KEY ("nearest_venue_code") REFERENCES "venues"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fx_reference_rates" ADD CONSTRAINT "fx_reference_rates_currency_code_fkey" FOREIGN KEY ("currency_code") REFERENCES "currencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_channel_code_fkey" FOREIGN KEY ("channel_code") REFERENCES "channels"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_wallet_code_fkey" FOREIGN KEY ("wallet_code") REFERENCES "wallets"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_district_code_fkey" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_currency_code_fkey" FOREIGN KEY ("currency_code") REFERENCES "currencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
