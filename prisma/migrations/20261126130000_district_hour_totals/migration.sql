-- The heatmap without a wallet or channel filter read every (channel, wallet) row of each hour and
-- district (55k rows over the Games at 10M); '*' rows hold each hour and district's totals.
INSERT INTO "district_hours" ("bucket", "channel_code", "wallet_code", "district_code", "payments", "payer_bits")
SELECT "bucket", '*', '*', "district_code", sum("payments")::integer, bit_or("payer_bits")
FROM "district_hours" GROUP BY "bucket", "district_code";
