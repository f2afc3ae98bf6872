import { ReferenceArea, ReferenceLine } from "recharts";
import { referenceData } from "@/lib/reference/data";
import type { Locale } from "@/lib/i18n/messages";

// The Games calendar drawn on time charts whose x axis is local days
// (YYYY-MM-DD): ceremonies and one-day holidays as lines, Golden Week as a band.

const EVENTS = referenceData().calendar.filter((e) => e.kind === "CEREMONY" || e.kind === "HOLIDAY");

/** Recharts takes reference marks as direct children, so this returns elements rather than being a component. */
export function calendarMarks(days: readonly string[], locale: Locale) {
  const present = new Set(days);
  return EVENTS.flatMap((e, i) => {
    const label = locale === "zh" ? e.nameZh : e.nameEn;
    if (e.startsOn === e.endsOn) {
      if (!present.has(e.startsOn)) return [];
      return [
        <ReferenceLine key={`m${i}`} x={e.startsOn} stroke="var(--muted)" strokeDasharray="3 3" ifOverflow="hidden"
          label={{ value: label, position: "insideTopLeft", fontSize: 10, fill: "var(--muted)", angle: -90, dx: 10, dy: 60 }} />,
      ];
    }
    const inRange = days.filter((d) => d >= e.startsOn && d <= e.endsOn);
    if (inRange.length < 2) return [];
    return [
      <ReferenceArea key={`m${i}`} x1={inRange[0]} x2={inRange[inRange.length - 1]} fill="var(--accent)" fillOpacity={0.06} ifOverflow="hidden"
        label={{ value: label, position: "insideTop", fontSize: 10, fill: "var(--muted)" }} />,
    ];
  });
}
