import { localDay } from "../local-time";

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
