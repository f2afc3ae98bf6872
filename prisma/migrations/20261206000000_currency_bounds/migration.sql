-- Per-currency bounds that ingestion checks before anything is written: a
-- payment's applied rate and a reference rate must lie within [rate_min,
-- rate_max] CNY per unit, and an amount may not exceed max_amount. Without
-- them a KRW amount of 99999999999999 gave an applied rate that rounded to 0
-- (division by zero in the spread) and 0.01 MYR for CNY 500000 was stored with
-- a spread of -9999.9997 bp. The seed keeps these values in step with
-- data/reference/currencies.json; the values below match it.
ALTER TABLE "currencies" ADD COLUMN "rate_min" DECIMAL(24,12),
ADD COLUMN "rate_max" DECIMAL(24,12),
ADD COLUMN "max_amount" DECIMAL(20,4);

UPDATE "currencies" c SET rate_min = v.rate_min, rate_max = v.rate_max, max_amount = v.max_amount
FROM (VALUES
  ('CNY', 1::numeric, 1::numeric, 500000::numeric),
  ('HKD', 0.56, 1.5, 1000000),
  ('MYR', 0.93, 2.5, 600000),
  ('KRW', 0.0033, 0.0087, 200000000),
  ('THB', 0.12, 0.32, 5000000),
  ('MOP', 0.54, 1.45, 1000000),
  ('MNT', 0.0013, 0.0034, 500000000),
  ('SGD', 3.2, 8.5, 200000),
  ('USD', 4.4, 11.7, 150000),
  ('EUR', 4.7, 12.4, 150000),
  ('JPY', 0.029, 0.079, 20000000),
  ('GBP', 5.4, 14.3, 100000),
  ('AUD', 2.8, 7.5, 200000)
) AS v(code, rate_min, rate_max, max_amount)
WHERE c.code = v.code;

-- a currency added by hand before this migration: no bound until an operator sets one
UPDATE "currencies" SET rate_min = 0.000000000001, rate_max = 9999999999, max_amount = 99999999999999 WHERE rate_min IS NULL;

ALTER TABLE "currencies" ALTER COLUMN "rate_min" SET NOT NULL,
ALTER COLUMN "rate_max" SET NOT NULL,
ALTER COLUMN "max_amount" SET NOT NULL;
