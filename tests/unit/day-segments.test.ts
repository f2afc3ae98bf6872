import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { daySegments, eachDay } from "@/lib/metrics/days";

const day = fc.integer({ min: 0, max: 500 }).map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86400_000).toISOString().slice(0, 10));
const span = (s: { grain: string; start: string }, to: string) =>
  eachDay({ from: s.start, to }).slice(0, s.grain === "day" ? 1 : s.grain === "week" ? 7 : new Date(Date.UTC(+s.start.slice(0, 4), +s.start.slice(5, 7), 0)).getUTCDate());

describe("day segments", () => {
  it("cover every day of a range once, in order, with whole months and ISO weeks where they fit", () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const days = { from: a < b ? a : b, to: a < b ? b : a };
        const segments = daySegments(days);
        expect(segments.flatMap((s) => span(s, days.to))).toEqual(eachDay(days));
        for (const s of segments) {
          if (s.grain === "month") expect(s.start.slice(8)).toBe("01");
          if (s.grain === "week") expect(new Date(`${s.start}T00:00:00Z`).getUTCDay()).toBe(1);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("read the Games period as two days and two weeks, and August as one month", () => {
    expect(daySegments({ from: "2023-09-23", to: "2023-10-08" })).toEqual([
      { grain: "day", start: "2023-09-23" },
      { grain: "day", start: "2023-09-24" },
      { grain: "week", start: "2023-09-25" },
      { grain: "week", start: "2023-10-02" },
    ]);
    expect(daySegments({ from: "2023-08-01", to: "2023-08-31" })).toEqual([{ grain: "month", start: "2023-08-01" }]);
  });
});
