import { bucketStartSeconds } from "@/lib/store/rollup-keys";

// JavaScript twins of expressions the derived store computes in SQL, written
// here (not in lib/, where nothing uses them) so tests can compute expected
// bins, buckets and payer bits from raw rows independently of the database.

/** Bin i holds values v with bounds[i-1] <= v < bounds[i] (bin 0: v < bounds[0]); SQL's width_bucket. */
export function binOf(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function emptyHistogram(bounds: readonly number[]): number[] {
  return new Array(bounds.length + 1).fill(0);
}

/** The bucket holding `at` (lib/store/rollup-keys.ts's bucketSql in SQL). */
export function bucketStart(at: Date, seconds: number): Date {
  return new Date(bucketStartSeconds(at.getTime(), seconds) * 1000);
}

/** The payer's bit: hex digits 16-17 of the HMAC (lib/store/payer-bits.ts's PAYER_BIT_SQL). */
export function payerBit(hexHash: string): bigint {
  return 1n << BigInt(parseInt(hexHash.slice(16, 18), 16) & 63);
}
