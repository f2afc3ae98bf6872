import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { HLL_M, hllEstimate, hllMerge, hllMergeSparse, hllPoint, nonZeroRegisters } from "@/lib/store/hll";

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

  it("merges to exactly the register-wise maximum, four registers at a time or byte by byte on unaligned views", () => {
    const random = (seed: number) => {
      let x = seed;
      // a small LCG: values 0..49 (every rank a register can hold), repeatable
      return Uint8Array.from({ length: HLL_M }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (x >>> 16) % 50));
    };
    const a = random(1);
    const b = random(2);
    const expected = a.map((v, j) => Math.max(v, b[j]!));
    // every lane relation: a above, below and equal to b, including ranks 0 and 49
    expect(new Set(Array.from(a, (v, j) => Math.sign(v - b[j]!)))).toEqual(new Set([-1, 0, 1]));
    hllMerge(a, b);
    expect(a).toEqual(expected);
    const unaligned = new Uint8Array(HLL_M + 1);
    unaligned.set(random(1), 1);
    const view = unaligned.subarray(1);
    hllMerge(view, random(2));
    expect(view).toEqual(expected);
  });

  it("merges a sparse sketch through its non-zero registers to the same registers; dense ones have no list", () => {
    const few = sketch(Array.from({ length: 600 }, (_, i) => `s${i}`));
    const nonZero = nonZeroRegisters(few)!;
    expect(nonZero.length).toBe(few.filter((v) => v !== 0).length);
    expect(nonZero.length).toBeGreaterThan(500);
    const target = sketch(Array.from({ length: 3_000 }, (_, i) => `s${i + 300}`));
    const expected = Uint8Array.from(target);
    hllMerge(expected, few);
    hllMergeSparse(target, few, nonZero);
    expect(target).toEqual(expected);
    expect(nonZeroRegisters(sketch(Array.from({ length: 5_000 }, (_, i) => `d${i}`)))).toBeNull();
  });
});

describe("payer bits", () => {
  it("count a few payers closely enough to decide the suppression threshold", async () => {
    const { payersFromBits } = await import("@/lib/store/payer-bits");
    const { payerBit } = await import("../helpers/oracles");
    const estimate = (n: number, salt: string) => {
      let bits = 0n;
      for (let i = 0; i < n; i++) bits |= payerBit(hash(`bits-${salt}-${n}-${i}`));
      return payersFromBits(bits);
    };
    // near the threshold of 10 the estimate is within about one payer
    for (const n of [1, 3, 6, 9, 10, 12]) expect(Math.abs(estimate(n, "a") - n), `n = ${n}`).toBeLessThanOrEqual(1.5);
    // and far from it, on the right side in every trial
    for (let trial = 0; trial < 50; trial++) {
      expect(estimate(5, `t${trial}`)).toBeLessThan(10);
      expect(estimate(18, `t${trial}`)).toBeGreaterThanOrEqual(10);
    }
    expect(payersFromBits(0n)).toBe(0);
    expect(payersFromBits(-1n)).toBe(Infinity);
  });
});
