import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { HLL_M, hllEstimate, hllMerge, hllPoint } from "@/lib/ingest/hll";

const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

function sketch(ids: Iterable<string>): Uint8Array {
  const r = new Uint8Array(HLL_M);
  for (const id of ids) {
    const { idx, rank } = hllPoint(hash(id));
    if (rank > r[idx]!) r[idx] = rank;
  }
  return r;
}

describe("HyperLogLog", () => {
  it("reads index and rank from the hash bits", () => {
    expect(hllPoint("ffff" + "8".padEnd(12, "0") + "0".repeat(48))).toEqual({ idx: 16383, rank: 1 });
    expect(hllPoint("0003" + "0001".padStart(12, "0") + "0".repeat(48))).toEqual({ idx: 0, rank: 48 });
    expect(hllPoint("0004" + "0".repeat(60))).toEqual({ idx: 1, rank: 49 });
  });

  it.each([1, 10, 1_000, 20_000, 60_000, 300_000])("estimates %i distinct payers within 2%", (n) => {
    const ids = Array.from({ length: n }, (_, i) => `payer-${n}-${i}`);
    // duplicates change nothing
    const est = hllEstimate(sketch([...ids, ...ids.slice(0, n / 2)]));
    expect(Math.abs(est / n - 1)).toBeLessThanOrEqual(0.02);
  });

  it("merges register-wise: the union of overlapping sets counts each payer once", () => {
    const a = sketch(Array.from({ length: 50_000 }, (_, i) => `u${i}`));
    const b = sketch(Array.from({ length: 50_000 }, (_, i) => `u${i + 25_000}`));
    hllMerge(a, b);
    expect(Math.abs(hllEstimate(a) / 75_000 - 1)).toBeLessThanOrEqual(0.02);
    expect(hllEstimate(new Uint8Array(HLL_M))).toBe(0);
  });
});
