-- Merchants onboarded per local day by district and category, with '*' rows summing over either
-- or both: merchant coverage's denominator from a few hundred rows instead of a scan of every
-- merchant on each request. Kept by the merchant upsert; filled here from the merchants stored.
-- CreateTable
CREATE TABLE "merchant_onboard_days" (
    "district_code" VARCHAR(32) NOT NULL,
    "category" VARCHAR(16) NOT NULL,
    "day" DATE NOT NULL,
    "merchants" INTEGER NOT NULL,

    CONSTRAINT "merchant_onboard_days_pkey" PRIMARY KEY ("district_code","category","day")
);

INSERT INTO "merchant_onboard_days" ("district_code", "category", "day", "merchants")
SELECT CASE WHEN GROUPING("district_code") = 1 THEN '*' ELSE "district_code" END,
  CASE WHEN GROUPING("category") = 1 THEN '*' ELSE "category"::text END, "onboarded_on", count(*)::integer
FROM "merchants" GROUP BY GROUPING SETS (("onboarded_on"), ("onboarded_on", "district_code"), ("onboarded_on", "category"),
  ("onboarded_on", "district_code", "category"));
