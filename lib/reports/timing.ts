import { FIXED_RANGES } from "../dashboard/filter";
import { localDateTime, localDay, localMidnight, SHANGHAI_OFFSET_MS as OFFSET } from "../local-time";
import type { Cadence, Period } from "./spec";

// When a schedule is due, and what range a run covers. Asia/Shanghai is UTC+8
// all year (no daylight saving), so every occurrence is a fixed step from the last.

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

/**
 * The range (as the metrics filter reads it: local days, or instants with a
 * zone) a run scheduled for `at` covers: the hour or day(s) before it, or a fixed period.
 */
export function periodRange(period: Period, at: Date): { from: string; to: string } {
  // the fixed periods are the dashboard's presets of the same names
  const fixed = FIXED_RANGES[period as keyof typeof FIXED_RANGES];
  if (fixed) return fixed;
  if (period === "previous-hour") {
    const end = Math.floor(at.getTime() / HOUR) * HOUR;
    return { from: localDateTime(end - HOUR), to: localDateTime(end) };
  }
  const yesterday = localDay(new Date(localMidnight(localDay(at)) - 1));
  if (period === "previous-day") return { from: yesterday, to: yesterday };
  return { from: localDay(new Date(localMidnight(yesterday) - 6 * DAY)), to: yesterday };
}
