-- venue_days keeps each payment once per venue ring (the smallest radius that reaches its merchant)
-- instead of once per radius, and gains the merchant's district and category, with a '*' totals row,
-- so venue effects under a district or category filter no longer read merchant days. Derived:
-- recreated empty here and refilled from the stored payments by `npm run db:migrate` (ensureRollupsBuilt).
-- District first in the key: the '*' totals rows of a range, or a few districts' rows, are one index range each.
DROP TABLE "venue_days";

-- CreateTable
CREATE TABLE "venue_days" (
    "day" DATE NOT NULL,
    "venue_code" VARCHAR(48) NOT NULL,
    "ring_m" INTEGER NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "payments" INTEGER NOT NULL,
    "payer_bits" BIGINT NOT NULL,

    CONSTRAINT "venue_days_pkey" PRIMARY KEY ("district_code","day","venue_code","ring_m","channel_code","wallet_code","category")
);
