-- Merchant coverage under several wallets from bitmaps: each merchant gets a dense number
-- (its bit), and each channel, wallet and local day a bitmap of the merchants whose first
-- payment with that wallet fell on that day. Coverage over a set of wallets is then an OR of a
-- few dozen bitmaps and a popcount, not a grouping of every merchant's firsts.

-- AlterTable: numbered in the order merchants arrived
ALTER TABLE "merchants" ADD COLUMN "ordinal" INTEGER;
UPDATE "merchants" SET "ordinal" = x.n FROM (
  SELECT "id", (row_number() OVER (ORDER BY "created_at", "id") - 1)::integer AS n FROM "merchants") x
WHERE x."id" = "merchants"."id";
ALTER TABLE "merchants" ALTER COLUMN "ordinal" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "merchants_ordinal_key" ON "merchants"("ordinal");

-- CreateTable
CREATE TABLE "merchant_first_bitmaps" (
    "channel_code" VARCHAR(16) NOT NULL,
    "wallet_code" VARCHAR(32) NOT NULL,
    "day" DATE NOT NULL,
    "bits" BYTEA NOT NULL,

    CONSTRAINT "merchant_first_bitmaps_pkey" PRIMARY KEY ("channel_code","wallet_code","day")
);

-- Mostly zeros, read whole: compressing them saves little and costs on every change.
ALTER TABLE "merchant_first_bitmaps" ALTER COLUMN "bits" SET STORAGE EXTERNAL;

-- Sets and clears bits (bit n: byte n / 8, bit n % 8 from the least significant), growing the
-- bitmap as needed and dropping trailing zero bytes, so equal sets have equal bytes.
CREATE FUNCTION "bitmap_update"(bits BYTEA, set_bits INTEGER[], clear_bits INTEGER[]) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n INTEGER;
  need INTEGER := coalesce((SELECT max(b) FROM unnest(set_bits) b), -1) / 8 + 1;
BEGIN
  IF length(bits) < need THEN
    bits := bits || decode(repeat('00', need - length(bits)), 'hex');
  END IF;
  FOREACH n IN ARRAY coalesce(clear_bits, '{}') LOOP
    IF n / 8 < length(bits) THEN
      bits := set_bit(bits, n, 0);
    END IF;
  END LOOP;
  FOREACH n IN ARRAY coalesce(set_bits, '{}') LOOP
    bits := set_bit(bits, n, 1);
  END LOOP;
  RETURN rtrim(bits, '\x00'::bytea);
END
$$;
