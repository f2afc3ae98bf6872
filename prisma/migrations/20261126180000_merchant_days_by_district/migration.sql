-- A merchant's payments carry the district it was in when they were ingested.
-- When a merchant's district is corrected mid-day, its payments of that day
-- fall in two districts: the rebuild grouped them into two rows with one key
-- and failed on this primary key, while the incremental writer added the later
-- ones to the first district's row. Keyed by district too (last, so one
-- merchant's days stay one index range), as merchant_periods already is.
-- AlterTable
ALTER TABLE "merchant_days" DROP CONSTRAINT "merchant_days_pkey",
ADD CONSTRAINT "merchant_days_pkey" PRIMARY KEY ("merchant_id", "day", "channel_code", "wallet_code", "district_code");
