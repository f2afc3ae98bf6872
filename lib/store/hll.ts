// HyperLogLog over the payer hashes (HMAC-SHA256 hex, so already uniform):
// p = 14 gives 16,384 registers and a relative standard error of
// 1.04 / sqrt(16384) = 0.81%, so 2% is 2.5 standard errors (about 99% of
// estimates within 2%). Estimates use Ertl's improved estimator ("New
// cardinality estimation algorithms for HyperLogLog sketches", 2017), which
// needs no bias tables and is unbiased from a handful of payers upwards.

export const HLL_P = 14;
export const HLL_M = 1 << HLL_P;
/** bits after the index used for the rank: 16 - P index bits come from the first 4 hex digits, then 12 more digits */
const Q = 48;

/** Register index and rank (leading zeros + 1 of the next 48 bits, 1..49) of a hex hash. */
export function hllPoint(hexHash: string): { idx: number; rank: number } {
  const idx = parseInt(hexHash.slice(0, 4), 16) >>> (16 - HLL_P);
  const w = BigInt(`0x${hexHash.slice(4, 16)}`);
  const rank = w === 0n ? Q + 1 : Q + 1 - w.toString(2).length;
  return { idx, rank };
}

/** The same in SQL over a payer_hash column, for rebuilding sketches from raw rows. */
export const HLL_POINT_SQL = (hash: string) => ({
  idx: `((('x' || substr(${hash}, 1, 4))::bit(16)::integer) >> ${16 - HLL_P})`,
  rank: `coalesce(nullif(position('1' IN ('x' || substr(${hash}, 5, 12))::bit(${Q})::text), 0), ${Q + 1})`,
});

const HIGH_BITS = 0x80808080;

/**
 * Registers merged in place: target[j] = max(target[j], other[j]). Four
 * registers per step (ranks are below 128, so each byte of
 * (a | 0x80) - b keeps its own high bit: set where a >= b); 3x faster than
 * byte by byte, which a district x day breakdown spends hundreds of merges on.
 */
export function hllMerge(target: Uint8Array, other: Uint8Array): void {
  if (target.byteOffset % 4 !== 0 || other.byteOffset % 4 !== 0) {
    for (let j = 0; j < HLL_M; j++) if (other[j]! > target[j]!) target[j] = other[j]!;
    return;
  }
  const t = new Uint32Array(target.buffer, target.byteOffset, HLL_M >>> 2);
  const o = new Uint32Array(other.buffer, other.byteOffset, HLL_M >>> 2);
  for (let j = 0; j < t.length; j++) {
    const a = t[j]!;
    const b = o[j]!;
    const keepA = Math.imul((((a | HIGH_BITS) - b) & HIGH_BITS) >>> 7, 0xff);
    t[j] = (a & keepA) | (b & ~keepA);
  }
}

/**
 * The indexes of a sketch's non-zero registers when they are few (under one
 * in 16), else null. A day's sketch of one district and wallet holds a few
 * hundred payers, so merging its non-zero registers alone is some 20x less
 * work than all 16,384: a month of days x districts is 800 such merges.
 */
export function nonZeroRegisters(registers: Uint8Array): Uint16Array | null {
  let n = 0;
  for (let j = 0; j < HLL_M; j++) if (registers[j] !== 0 && ++n > HLL_M >>> 4) return null;
  const out = new Uint16Array(n);
  for (let j = 0, k = 0; j < HLL_M; j++) if (registers[j] !== 0) out[k++] = j;
  return out;
}

/** hllMerge for a sketch whose non-zero registers are listed: the same result. */
export function hllMergeSparse(target: Uint8Array, other: Uint8Array, nonZero: Uint16Array): void {
  for (let k = 0; k < nonZero.length; k++) {
    const j = nonZero[k]!;
    if (other[j]! > target[j]!) target[j] = other[j]!;
  }
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === before) return z / 3;
  }
}

/** Estimated number of distinct hashes added to the registers. */
export function hllEstimate(registers: Uint8Array): number {
  const counts = new Array<number>(Q + 2).fill(0);
  for (let j = 0; j < HLL_M; j++) counts[registers[j]!]!++;
  if (counts[0] === HLL_M) return 0;
  let z = HLL_M * tau(1 - counts[Q + 1]! / HLL_M);
  for (let k = Q; k >= 1; k--) z = 0.5 * (z + counts[k]!);
  z += HLL_M * sigma(counts[0]! / HLL_M);
  return (HLL_M * HLL_M) / (2 * Math.LN2) / z;
}
