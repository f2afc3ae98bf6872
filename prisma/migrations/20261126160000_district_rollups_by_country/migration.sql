-- The district tables gain the payer's home country, so a district filter with a breakdown by
-- home country or by card-issuing country (adoption, FX spreads) reads them instead of the full
-- cubes (one day in three districts at 10M: about 200 rows instead of 8,800, each with 70
-- histogram bins to sum). Refilled here from the cubes, which hold every dimension.
DELETE FROM "rollup_1h_district";
DELETE FROM "rollup_1d_district";

-- AlterTable
ALTER TABLE "rollup_1h_district" ADD COLUMN "payer_country" VARCHAR(2) NOT NULL,
DROP CONSTRAINT "rollup_1h_district_pkey",
ADD CONSTRAINT "rollup_1h_district_pkey" PRIMARY KEY ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status");

-- AlterTable
ALTER TABLE "rollup_1d_district" ADD COLUMN "payer_country" VARCHAR(2) NOT NULL,
DROP CONSTRAINT "rollup_1d_district_pkey",
ADD CONSTRAINT "rollup_1d_district_pkey" PRIMARY KEY ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status");

INSERT INTO "rollup_1h_district" ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status", "payments", "amount_cny",
  "latency_count", "latency_sum_ms", "latency_hist", "spread_count", "spread_sum_bps", "spread_hist", "spread_cost_cny", "payer_bits")
SELECT "bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status", sum("payments")::integer, sum("amount_cny"),
  sum("latency_count")::integer, sum("latency_sum_ms")::bigint, ARRAY[sum(latency_hist[1]), sum(latency_hist[2]), sum(latency_hist[3]), sum(latency_hist[4]), sum(latency_hist[5]), sum(latency_hist[6]), sum(latency_hist[7]), sum(latency_hist[8]), sum(latency_hist[9]), sum(latency_hist[10]), sum(latency_hist[11]), sum(latency_hist[12]), sum(latency_hist[13]), sum(latency_hist[14]), sum(latency_hist[15]), sum(latency_hist[16]), sum(latency_hist[17]), sum(latency_hist[18]), sum(latency_hist[19]), sum(latency_hist[20]), sum(latency_hist[21]), sum(latency_hist[22]), sum(latency_hist[23]), sum(latency_hist[24]), sum(latency_hist[25]), sum(latency_hist[26])]::integer[],
  sum("spread_count")::integer, sum("spread_sum_bps"), ARRAY[sum(spread_hist[1]), sum(spread_hist[2]), sum(spread_hist[3]), sum(spread_hist[4]), sum(spread_hist[5]), sum(spread_hist[6]), sum(spread_hist[7]), sum(spread_hist[8]), sum(spread_hist[9]), sum(spread_hist[10]), sum(spread_hist[11]), sum(spread_hist[12]), sum(spread_hist[13]), sum(spread_hist[14]), sum(spread_hist[15]), sum(spread_hist[16]), sum(spread_hist[17]), sum(spread_hist[18]), sum(spread_hist[19]), sum(spread_hist[20]), sum(spread_hist[21]), sum(spread_hist[22]), sum(spread_hist[23]), sum(spread_hist[24]), sum(spread_hist[25]), sum(spread_hist[26]), sum(spread_hist[27]), sum(spread_hist[28]), sum(spread_hist[29]), sum(spread_hist[30]), sum(spread_hist[31]), sum(spread_hist[32]), sum(spread_hist[33]), sum(spread_hist[34]), sum(spread_hist[35]), sum(spread_hist[36]), sum(spread_hist[37]), sum(spread_hist[38]), sum(spread_hist[39]), sum(spread_hist[40]), sum(spread_hist[41]), sum(spread_hist[42]), sum(spread_hist[43]), sum(spread_hist[44])]::integer[],
  sum("spread_cost_cny"), bit_or("payer_bits")
FROM "rollup_1h" GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "rollup_1d_district" ("bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status", "payments", "amount_cny",
  "latency_count", "latency_sum_ms", "latency_hist", "spread_count", "spread_sum_bps", "spread_hist", "spread_cost_cny", "payer_bits")
SELECT "bucket", "channel_code", "wallet_code", "payer_country", "district_code", "status", sum("payments")::integer, sum("amount_cny"),
  sum("latency_count")::integer, sum("latency_sum_ms")::bigint, ARRAY[sum(latency_hist[1]), sum(latency_hist[2]), sum(latency_hist[3]), sum(latency_hist[4]), sum(latency_hist[5]), sum(latency_hist[6]), sum(latency_hist[7]), sum(latency_hist[8]), sum(latency_hist[9]), sum(latency_hist[10]), sum(latency_hist[11]), sum(latency_hist[12]), sum(latency_hist[13]), sum(latency_hist[14]), sum(latency_hist[15]), sum(latency_hist[16]), sum(latency_hist[17]), sum(latency_hist[18]), sum(latency_hist[19]), sum(latency_hist[20]), sum(latency_hist[21]), sum(latency_hist[22]), sum(latency_hist[23]), sum(latency_hist[24]), sum(latency_hist[25]), sum(latency_hist[26])]::integer[],
  sum("spread_count")::integer, sum("spread_sum_bps"), ARRAY[sum(spread_hist[1]), sum(spread_hist[2]), sum(spread_hist[3]), sum(spread_hist[4]), sum(spread_hist[5]), sum(spread_hist[6]), sum(spread_hist[7]), sum(spread_hist[8]), sum(spread_hist[9]), sum(spread_hist[10]), sum(spread_hist[11]), sum(spread_hist[12]), sum(spread_hist[13]), sum(spread_hist[14]), sum(spread_hist[15]), sum(spread_hist[16]), sum(spread_hist[17]), sum(spread_hist[18]), sum(spread_hist[19]), sum(spread_hist[20]), sum(spread_hist[21]), sum(spread_hist[22]), sum(spread_hist[23]), sum(spread_hist[24]), sum(spread_hist[25]), sum(spread_hist[26]), sum(spread_hist[27]), sum(spread_hist[28]), sum(spread_hist[29]), sum(spread_hist[30]), sum(spread_hist[31]), sum(spread_hist[32]), sum(spread_hist[33]), sum(spread_hist[34]), sum(spread_hist[35]), sum(spread_hist[36]), sum(spread_hist[37]), sum(spread_hist[38]), sum(spread_hist[39]), sum(spread_hist[40]), sum(spread_hist[41]), sum(spread_hist[42]), sum(spread_hist[43]), sum(spread_hist[44])]::integer[],
  sum("spread_cost_cny"), bit_or("payer_bits")
FROM "rollup_1d" GROUP BY 1, 2, 3, 4, 5, 6;
