-- CreateTable
CREATE TABLE "rollup_5m" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_5m_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","district_code","status","result_code")
);

-- CreateTable
CREATE TABLE "rollup_1h" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "merchant_category" "merchant_category" NOT NULL,
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1h_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","payer_country","district_code","merchant_category","status","result_code")
);

-- CreateTable
CREATE TABLE "rollup_1d" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "merchant_category" "merchant_category" NOT NULL,
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1d_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","payer_country","district_code","merchant_category","status","result_code")
);

-- CreateTable
CREATE TABLE "payer_days" (
    "day" DATE NOT NULL,
    "payer_hash" VARCHAR(64) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,

    CONSTRAINT "payer_days_pkey" PRIMARY KEY ("payer_hash","day","district_code")
);

-- CreateTable
CREATE TABLE "payers" (
    "payer_hash" VARCHAR(64) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "first_paid_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payers_pkey" PRIMARY KEY ("payer_hash")
);

-- CreateTable
CREATE TABLE "merchant_firsts" (
    "merchant_id" VARCHAR(32) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "first_day" DATE NOT NULL,

    CONSTRAINT "merchant_firsts_pkey" PRIMARY KEY ("merchant_id","channel_code","wallet_code")
);

-- CreateIndex
CREATE INDEX "payer_days_day_idx" ON "payer_days"("day");

-- CreateIndex
CREATE INDEX "payers_first_paid_at_idx" ON "payers"("first_paid_at");

-- CreateTable
CREATE TABLE "rollup_1h_wallet" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1h_wallet_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","payer_country","status","result_code")
);

-- CreateTable
CREATE TABLE "rollup_1d_wallet" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "payer_country" VARCHAR(2) NOT NULL,
    "status" "transaction_status" NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1d_wallet_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","payer_country","status","result_code")
);

-- CreateTable
CREATE TABLE "rollup_1h_district" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "status" "transaction_status" NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1h_district_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","district_code","status")
);

-- CreateTable
CREATE TABLE "rollup_1d_district" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "status" "transaction_status" NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount_cny" DECIMAL(20,2) NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_hist" INTEGER[],
    "spread_count" INTEGER NOT NULL,
    "spread_sum_bps" DECIMAL(20,4) NOT NULL,
    "spread_hist" INTEGER[],

    CONSTRAINT "rollup_1d_district_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","district_code","status")
);
