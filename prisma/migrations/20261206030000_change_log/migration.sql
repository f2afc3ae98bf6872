-- The change log: one row per effective change to a payment (new, status move,
-- spread repriced by a reference rate), written in the payment's own
-- transaction and nothing else. The folder (lib/store/fold.ts) deletes rows
-- from it and applies them to every derived table in one transaction, so a row
-- is folded exactly once; a row committed late with a lower id is simply still
-- here on the next pass (only committed rows are visible to the folder).
CREATE TABLE "change_log" (
    "id" BIGSERIAL NOT NULL,
    "external_id" VARCHAR(64) NOT NULL,
    "logged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "old_status" "transaction_status",
    "new_status" "transaction_status" NOT NULL,
    "old_result_code" VARCHAR(64),
    "new_result_code" VARCHAR(64) NOT NULL,
    "old_latency_ms" INTEGER,
    "new_latency_ms" INTEGER,
    "old_spread_bps" DECIMAL(12,4),
    "new_spread_bps" DECIMAL(12,4),

    CONSTRAINT "change_log_pkey" PRIMARY KEY ("id")
);

-- One row: what the folder has done, for the freshness stamp and operations.
-- version moves whenever a derived table or the merchants may have changed (a
-- fold pass, a rebuild, a merchant upsert): a metric answer for the same
-- question and version is the same, so the app may serve it again.
CREATE TABLE "fold_state" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "folded" BIGINT NOT NULL DEFAULT 0,
    "passes" BIGINT NOT NULL DEFAULT 0,
    "last_pass_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),

    CONSTRAINT "fold_state_pkey" PRIMARY KEY ("id")
);
INSERT INTO "fold_state" ("id") VALUES (1);
