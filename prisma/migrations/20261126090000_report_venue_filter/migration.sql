-- Scheduled reports take the dashboard's "near venues" filter too.
-- AlterTable
ALTER TABLE "report_schedules" ADD COLUMN     "radius_m" INTEGER,
ADD COLUMN     "venue_codes" VARCHAR(48)[];
