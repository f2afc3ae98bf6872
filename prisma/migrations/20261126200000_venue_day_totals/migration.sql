-- Venue effects without a category filter read every category's rows of the
-- districts (or, unfiltered, every channel's and wallet's '*' rows): more of
-- those keys fill as payments grow (PostgreSQL 10M: 1.6-2.7x the 1M time).
-- Two more totals rows per payment: per district over categories, and over
-- districts, categories, channels and wallets. Summed here from the rows already
-- stored (venue_days only grows: a payment never leaves the counted states).
INSERT INTO "venue_days" ("day", "venue_code", "ring_m", "channel_code", "wallet_code", "district_code", "category", "payments", "payer_bits")
SELECT "day", "venue_code", "ring_m", "channel_code", "wallet_code", "district_code", '*', sum("payments")::integer, bit_or("payer_bits")
FROM "venue_days" WHERE "district_code" <> '*'
GROUP BY "day", "venue_code", "ring_m", "channel_code", "wallet_code", "district_code";

INSERT INTO "venue_days" ("day", "venue_code", "ring_m", "channel_code", "wallet_code", "district_code", "category", "payments", "payer_bits")
SELECT "day", "venue_code", "ring_m", '*', '*', '*', '*', sum("payments")::integer, bit_or("payer_bits")
FROM "venue_days" WHERE "district_code" = '*'
GROUP BY "day", "venue_code", "ring_m";
