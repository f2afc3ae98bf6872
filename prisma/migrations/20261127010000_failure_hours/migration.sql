-- failure_days served whole days only: a range such as today so far in three districts still
-- read its whole hours' result codes from the hourly cube (PGlite, 1M -> 10M: 16 -> 33 ms).
-- Failed payments per hour too; empty here, the migration runner's ensureRollupsBuilt fills
-- it from the raw rows (lib/ingest/rollup-rebuild.ts).
-- CreateTable
CREATE TABLE "failure_hours" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "failed" INTEGER NOT NULL,

    CONSTRAINT "failure_hours_pkey" PRIMARY KEY ("bucket","district_code","channel_code","wallet_code","result_code")
);
