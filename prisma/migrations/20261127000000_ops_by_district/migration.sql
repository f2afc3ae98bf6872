-- Operations under a district filter read the hourly and daily cubes for their series and
-- result codes, and those rows multiply with every home country (and, in the daily cube,
-- category and venue zone) that occurs: on PGlite, one day in three districts took 1.69x as
-- long at 10M as at 1M. district_hours gains every payment's attempt and failure, and
-- failure_days holds failed payments by district and result code.
--
-- Both are emptied or new here; the migration runner's ensureRollupsBuilt fills an empty
-- derived table from the raw rows (lib/ingest/rollup-rebuild.ts), with the same SQL as the rebuild.
TRUNCATE "district_hours";

-- AlterTable
ALTER TABLE "district_hours" ADD COLUMN     "attempts" INTEGER NOT NULL,
ADD COLUMN     "failed" INTEGER NOT NULL;

-- CreateTable
CREATE TABLE "failure_days" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "result_code" VARCHAR(64) NOT NULL,
    "failed" INTEGER NOT NULL,

    CONSTRAINT "failure_days_pkey" PRIMARY KEY ("bucket","district_code","channel_code","wallet_code","result_code")
);
