-- What an ingestion key may write. Any key could post reference rates for any
-- currency and overwrite a stored one, silently shifting every later spread;
-- reference rates now need the "fx-rates" permission. Existing keys keep
-- what they were made for: payments.
ALTER TABLE "api_keys" ADD COLUMN "permissions" VARCHAR(32)[] DEFAULT ARRAY['transactions']::VARCHAR(32)[];
UPDATE "api_keys" SET "permissions" = ARRAY['transactions']::VARCHAR(32)[] WHERE "permissions" IS NULL;
