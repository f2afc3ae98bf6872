-- CreateEnum
CREATE TYPE "alert_status" AS ENUM ('OK', 'PENDING', 'FIRING', 'RECOVERING');

-- CreateEnum
CREATE TYPE "incident_status" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "notification_status" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "group_by" VARCHAR(16),
    "wallet_codes" VARCHAR(32)[],
    "district_codes" VARCHAR(32)[],
    "failure_category" VARCHAR(32),
    "window_minutes" INTEGER NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "recover_at" DOUBLE PRECISION NOT NULL,
    "min_volume" INTEGER NOT NULL,
    "pending_seconds" INTEGER NOT NULL,
    "recovery_seconds" INTEGER NOT NULL,
    "webhook_url" TEXT,
    "secret" VARCHAR(64) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" VARCHAR(254),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "rule_id" UUID NOT NULL,
    "subject" VARCHAR(32) NOT NULL,
    "status" "alert_status" NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "incident_id" UUID,
    "last_value" DOUBLE PRECISION,
    "last_volume" INTEGER,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("rule_id","subject")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "subject" VARCHAR(32) NOT NULL,
    "title" TEXT NOT NULL,
    "status" "incident_status" NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" VARCHAR(254),
    "muted_until" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" VARCHAR(254),
    "peak_value" DOUBLE PRECISION,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_events" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "actor" VARCHAR(254),
    "text" TEXT,
    "value" DOUBLE PRECISION,

    CONSTRAINT "incident_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "rule_id" UUID NOT NULL,
    "event" VARCHAR(16) NOT NULL,
    "url" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "notification_status" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3),
    "text" VARCHAR(500) NOT NULL,
    "wallet" VARCHAR(32),
    "district" VARCHAR(32),
    "created_by" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidents_status_opened_at_idx" ON "incidents"("status", "opened_at");

-- CreateIndex
CREATE INDEX "incidents_opened_at_idx" ON "incidents"("opened_at");

-- CreateIndex
CREATE INDEX "incident_events_incident_id_at_idx" ON "incident_events"("incident_id", "at");

-- CreateIndex
CREATE INDEX "notifications_status_next_attempt_at_idx" ON "notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notifications_incident_id_idx" ON "notifications"("incident_id");

-- CreateIndex
CREATE INDEX "annotations_at_idx" ON "annotations"("at");

-- AddForeignKey
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
