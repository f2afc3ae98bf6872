import { localDay, localMidnight } from "../local-time";
import type { Cadence, Period } from "./spec";

// When a schedule is due, and what range a run covers. Asia/Shanghai is UTC+8
// all year (no daylight saving), so every occurrence is a fixed step from the last.

const OFFSET = 8 * 3600_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const STEP: Record<Cadence, number> = { hour: HOUR, day: DAY, week: 7 * DAY };

export interface Timing {
  cadence: Cadence;
  atMinute: number;
  weekday: number | null;
}

/** The latest occurrence at or before `now`. */
export function latestOccurrence(t: Timing, now: Date): Date {
  const local = now.getTime() + OFFSET;
  let at: number;
  if (t.cadence === "hour") at = Math.floor(local / HOUR) * HOUR + t.atMinute * 60_000;
  else if (t.cadence === "day") at = Math.floor(local / DAY) * DAY + t.atMinute * 60_000;
  else {
    const day = Math.floor(local / DAY);
    const isoWeekday = ((day + 3) % 7) + 1; // 1970-01-01 was a Thursday
    at = (day - ((isoWeekday - (t.weekday ?? 1) + 7) % 7)) * DAY + t.atMinute * 60_000;
  }
  if (at > local) at -= STEP[t.cadence];
  return new Date(at - OFFSET);
}

/** The first occurrence after `now`. */
export const nextOccurrence = (t: Timing, now: Date): Date => new Date(latestOccurrence(t, now).getTime() + STEP[t.cadence]);

const FIXED: Partial<Record<Period, { from: string; to: string }>> = {
  games: { from: "2023-09-23", to: "2023-10-08" },
  "opening-week": { from: "2023-09-23", to: "2023-09-29" },
  "golden-week": { from: "2023-09-29", to: "2023-10-06" },
  august: { from: "2023-08-01", to: "2023-08-31" },
};

const shanghaiIso = (ms: number) => `${new Date(ms + OFFSET).toISOString().slice(0, 19)}+08:00`;

/**
 * The range (as the metrics filter reads it: local days, or instants with a
 * zone) a run scheduled for `at` covers: the hour or day(s) before it, or a fixed period.
 */
export function periodRange(period: Period, at: Date): { from: string; to: string } {
  const fixed = FIXED[period];
  if (fixed) return fixed;
  if (period === "previous-hour") {
    const end = Math.floor(at.getTime() / HOUR) * HOUR;
    return { from: shanghaiIso(end - HOUR), to: shanghaiIso(end) };
  }
  const yesterday = localDay(new Date(localMidnight(localDay(at)) - 1));
  if (period === "previous-day") return { from: yesterday, to: yesterday };
  return { from: localDay(new Date(localMidnight(yesterday) - 6 * DAY)), to: yesterday };
}
