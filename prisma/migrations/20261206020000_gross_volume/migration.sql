-- One definition of a payment everywhere: SUCCESS or REFUNDED. "Payments"
-- counted refunded payments while "volume" left them out; volume is now the
-- gross CNY of the same payments. merchant_days and merchant_periods hold a
-- volume column computed the old way: emptied here, refilled from the raw
-- rows by the migration runner's ensureRollupsBuilt (lib/ingest/rollup-rebuild.ts).
DELETE FROM "merchant_periods";
DELETE FROM "merchant_days";
