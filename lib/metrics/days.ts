import { SHANGHAI_OFFSET_MS, addDays, localDay, monthStart, weekStart } from "../local-time";

// Figures kept per local day (payers, merchants, venues) answer for the whole
// Asia/Shanghai days a range touches, and say which.

export interface DayRange {
  from: string;
  to: string;
}

/** The local days from the one holding `from` to the one holding the last instant before `to`. */
export function wholeDays(filter: { from: Date; to: Date }): DayRange {
  return { from: localDay(filter.from), to: localDay(new Date(filter.to.getTime() - 1)) };
}

/** Every day of the range, first to last, as YYYY-MM-DD. */
export function eachDay(days: DayRange): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${days.from}T00:00:00Z`); t <= Date.parse(`${days.to}T00:00:00Z`); t += 86400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const OFFSET_S = SHANGHAI_OFFSET_MS / 1000;

// Local days and hours of a timestamptz column by integer arithmetic (UTC+8, no
// daylight saving): grouping rollup rows by to_char(... AT TIME ZONE ...) looked
// the zone up and formatted every row, half the time of a daily breakdown.

/** The local day of a timestamptz expression as a day number (days since 1970-01-01, Asia/Shanghai), to group by. */
export const dayNumberSql = (ts: string) => `((date_part('epoch', ${ts})::bigint + ${OFFSET_S}) / 86400)`;

/** YYYY-MM-DD of a day number, for the select list after grouping. */
export const dayNumberDateSql = (n: string) => `to_char(to_timestamp(${n} * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** The local hour of the day (0-23) of a timestamptz expression. */
export const localHourSql = (ts: string) => `(((date_part('epoch', ${ts})::bigint + ${OFFSET_S}) / 3600) % 24)::integer`;

export interface DaySegment {
  grain: "day" | "week" | "month";
  /** its first day: the 1st for a month, the Monday for an ISO week */
  start: string;
}

/**
 * The range's days as whole calendar months, whole ISO weeks and single days,
 * in order, each day in exactly one segment: what merchant_periods and
 * merchant_days hold a list for.
 */
export function daySegments(days: DayRange): DaySegment[] {
  const out: DaySegment[] = [];
  for (let d = days.from; d <= days.to; ) {
    const nextMonth = addDays(`${d.slice(0, 7)}-28`, 4).slice(0, 7) + "-01";
    if (d === monthStart(d) && addDays(nextMonth, -1) <= days.to) {
      out.push({ grain: "month", start: d });
      d = nextMonth;
    } else if (d === weekStart(d) && addDays(d, 6) <= days.to) {
      out.push({ grain: "week", start: d });
      d = addDays(d, 7);
    } else {
      out.push({ grain: "day", start: d });
      d = addDays(d, 1);
    }
  }
  return out;
}
