import { ReferenceArea, ReferenceLine } from "recharts";
import { localDay } from "@/lib/local-time";

// Incidents and manual annotations drawn on time charts whose x axis is
// buckets (ISO instants): a line where something started, a band while it lasted.

export interface TimeMark {
  at: string;
  endAt: string | null;
  label: string;
  tone: "incident" | "note";
}

const COLORS = { incident: "#d55e00", note: "var(--muted)" };

/** Marks on an axis of `keys`; `keyOf` names the key an instant falls on. Recharts takes reference marks as direct children, so this returns elements. */
function marksOn(keys: readonly string[], marks: readonly TimeMark[], keyOf: (at: string) => string) {
  if (!keys.length) return [];
  return marks.flatMap((m, i) => {
    const start = keyOf(m.at);
    const end = m.endAt ? keyOf(m.endAt) : null;
    const inside = keys.filter((k) => k >= start && (end === null ? k === start : k <= end));
    if (!inside.length) return [];
    const color = COLORS[m.tone];
    const label = { value: m.label.length > 40 ? `${m.label.slice(0, 39)}…` : m.label, position: "insideTopLeft" as const, fontSize: 10, fill: color };
    if (end && inside.length > 1) {
      return [<ReferenceArea key={`t${i}`} x1={inside[0]} x2={inside[inside.length - 1]} fill={color} fillOpacity={0.08} stroke={color} strokeOpacity={0.4} ifOverflow="hidden" label={label} />];
    }
    return [<ReferenceLine key={`t${i}`} x={inside[0]} stroke={color} strokeDasharray="4 2" ifOverflow="hidden" label={label} />];
  });
}

/** On an axis of time buckets of `stepSeconds` (ISO instants). */
export function timeMarks(keys: readonly string[], marks: readonly TimeMark[], stepSeconds: number) {
  const step = stepSeconds * 1000;
  return marksOn(keys, marks, (at) => new Date(Math.floor(Date.parse(at) / step) * step).toISOString());
}

/** On an axis of local days (YYYY-MM-DD): a line on the day, a band over several. */
export function dayMarks(days: readonly string[], marks: readonly TimeMark[]) {
  return marksOn(days, marks, (at) => localDay(new Date(at)));
}
