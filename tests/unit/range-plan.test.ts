import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketStart } from "../helpers/oracles";
import { planRange } from "@/lib/metrics/range-plan";

const T0 = Date.parse("2023-08-01T00:00:00+08:00");

describe("planRange", () => {
  it("covers the snapped range exactly once with parts aligned to their table's buckets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * 86400 }),
        fc.integer({ min: 1, max: 20 * 86400 }),
        fc.constantFrom(300 as const, 3600 as const),
        fc.constantFrom(300 as const, 3600 as const, 86400 as const),
        (startS, lengthS, finest, coarsest) => {
          const plan = planRange(new Date(T0 + startS * 1000), new Date(T0 + (startS + lengthS) * 1000), finest, coarsest);
          expect(plan.from.getTime()).toBeLessThanOrEqual(T0 + startS * 1000);
          expect(plan.to.getTime()).toBeGreaterThanOrEqual(T0 + (startS + lengthS) * 1000);
          let cursor = plan.from.getTime();
          for (const part of plan.parts) {
            expect(part.from.getTime()).toBe(cursor);
            const s = part.grain;
            expect(s).toBeGreaterThanOrEqual(finest);
            expect(s).toBeLessThanOrEqual(Math.max(finest, coarsest));
            expect(bucketStart(part.from, s).getTime()).toBe(part.from.getTime());
            expect(bucketStart(part.to, s).getTime()).toBe(part.to.getTime());
            cursor = part.to.getTime();
          }
          expect(cursor).toBe(plan.to.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads the Games period from 16 daily buckets", () => {
    const plan = planRange(new Date("2023-09-23T00:00:00+08:00"), new Date("2023-10-09T00:00:00+08:00"), 300);
    expect(plan.parts).toEqual([{ grain: 86400, from: new Date("2023-09-22T16:00:00Z"), to: new Date("2023-10-08T16:00:00Z") }]);
  });
});
