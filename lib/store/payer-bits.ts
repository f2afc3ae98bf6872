// A 64-bit OR-mergeable payer bitmap per rollup row, for small-cell
// suppression: a figure built from fewer than N distinct payers (N around
// 10) must not be shown to officials. Linear counting over 64 bits counts up
// to a few dozen payers closely, which is all the threshold needs.
//
// Bits are only ever set, for payments in a counted state (SUCCESS,
// REFUNDED). A payment never leaves those states, so OR-ing the bits of the
// counted rows of a group gives exactly the payers of its counted payments;
// a row a payment left (SUCCESS -> REFUNDED) may keep its bit, which is
// harmless once the counted rows are read together.

/** The payer's bit in SQL, for the payments row `alias`: hex digits 16-17 of the HMAC (HyperLogLog uses 0-15). */
export const PAYER_BIT_SQL = (alias: string) => `(1::bigint << ((('x' || substr(${alias}.payer_hash, 17, 2))::bit(8)::integer) & 63))`;

/** Estimated distinct payers behind OR-ed bits (linear counting); Infinity when every bit is set. */
export function payersFromBits(bits: bigint): number {
  let set = 0;
  for (let v = BigInt.asUintN(64, bits); v; v &= v - 1n) set++;
  return set === 64 ? Infinity : set === 0 ? 0 : -64 * Math.log(1 - set / 64);
}
