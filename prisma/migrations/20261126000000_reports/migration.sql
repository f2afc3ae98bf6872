-- CreateEnum
CREATE TYPE "report_run_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "report_schedules" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "metric" VARCHAR(40),
    "view" VARCHAR(40),
    "format" VARCHAR(8) NOT NULL,
    "lang" VARCHAR(8) NOT NULL,
    "period" VARCHAR(24) NOT NULL,
    "wallet_codes" VARCHAR(32)[],
    "channels" VARCHAR(16)[],
    "district_codes" VARCHAR(32)[],
    "categories" VARCHAR(32)[],
    "audience_role" "user_role" NOT NULL,
    "audience_districts" VARCHAR(32)[],
    "cadence" VARCHAR(8) NOT NULL,
    "at_minute" INTEGER NOT NULL,
    "weekday" INTEGER,
    "folder" VARCHAR(64),
    "webhooks" TEXT[],
    "secret" VARCHAR(64) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "schedule_from" TIMESTAMPTZ(3) NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_runs" (
    "id" UUID NOT NULL,
    "schedule_id" UUID NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3) NOT NULL,
    "trigger" VARCHAR(16) NOT NULL,
    "requested_by" VARCHAR(254),
    "status" "report_run_status" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "range_from" VARCHAR(40),
    "range_to" VARCHAR(40),
    "file_name" TEXT,
    "content_type" VARCHAR(100),
    "bytes" INTEGER,
    "rows" INTEGER,
    "file" BYTEA,
    "deliveries" JSONB,
    "error" TEXT,

    CONSTRAINT "report_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "report_runs_status_started_at_idx" ON "report_runs"("status", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_runs_schedule_id_scheduled_for_key" ON "report_runs"("schedule_id", "scheduled_for");

-- AddForeignKey
ALTER TABLE "report_runs" ADD CONSTRAINT "report_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "report_schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
