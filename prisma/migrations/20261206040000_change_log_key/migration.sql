-- The change log's key holds the payment's external id, so a distributed
-- store (Citus, see lib/db/citus.ts) can place each change beside its payment:
-- every unique constraint of a distributed table must include its distribution
-- column. The id stays first, so the folder's oldest-first scan keeps its index.
ALTER TABLE "change_log" DROP CONSTRAINT "change_log_pkey";
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_pkey" PRIMARY KEY ("id", "external_id");
