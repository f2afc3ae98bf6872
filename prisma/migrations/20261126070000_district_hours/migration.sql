-- Successful payments per hour, channel, wallet and district for the heatmap; filled from the
-- payments already stored by `npm run db:migrate` / the demo's prepare step (ensureRollupsBuilt
-- fills a derived table that is empty).
-- CreateTable
CREATE TABLE "district_hours" (
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "district_code" VARCHAR(32) NOT NULL,
    "payments" INTEGER NOT NULL,
    "payer_bits" BIGINT NOT NULL,

    CONSTRAINT "district_hours_pkey" PRIMARY KEY ("bucket","channel_code","wallet_code","district_code")
);
