import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bitmapOf, orInto, popcount } from "@/lib/store/merchant-bitmaps";

describe("merchant bitmaps", () => {
  const bits = fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 300 });

  it("count the union of sets, with or without a mask, as sets do", () => {
    fc.assert(
      fc.property(bits, bits, bits, (a, b, m) => {
        const union = new Set([...a, ...b]);
        const merged = orInto(orInto(new Uint8Array(0), bitmapOf(a)), bitmapOf(b));
        expect(popcount(merged)).toBe(union.size);
        expect(popcount(merged, bitmapOf(m))).toBe([...union].filter((x) => m.includes(x)).length);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("numbers bits as PostgreSQL's set_bit does: bit n is bit n % 8 of byte n / 8, least significant first", () => {
    expect([...bitmapOf([0, 9, 15])]).toEqual([0b0000_0001, 0b1000_0010]);
  });
});
