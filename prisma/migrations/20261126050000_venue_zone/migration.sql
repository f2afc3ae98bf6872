-- The hourly and daily cubes gain the merchant's venue zone (nearest venue and
-- distance ring), so every metric can filter on "near a venue". Emptied here and
-- refilled from the raw payments by `npm run db:migrate` / the demo's prepare step
-- (ensureRollupsBuilt rebuilds when rollup_1d is empty).
TRUNCATE "rollup_1h", "rollup_1d";

-- AlterTable
ALTER TABLE "rollup_1h" DROP CONSTRAINT "rollup_1h_pkey",
ADD COLUMN     "venue_zone" VARCHAR(64) NOT NULL,
ADD CONSTRAINT "rollup_1h_pkey" PRIMARY KEY ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "merchant_category", "status", "result_code", "venue_zone");

-- AlterTable
ALTER TABLE "rollup_1d" DROP CONSTRAINT "rollup_1d_pkey",
ADD COLUMN     "venue_zone" VARCHAR(64) NOT NULL,
ADD CONSTRAINT "rollup_1d_pkey" PRIMARY KEY ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "merchant_category", "status", "result_code", "venue_zone");
