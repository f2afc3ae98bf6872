import "server-only";
import type { Sql } from "../db/client";

// Merchant firsts as bitmaps (see merchant_first_bitmaps in prisma/schema):
// bit n of a bitmap is bit n % 8, counted from the least significant, of byte
// n / 8, as PostgreSQL's set_bit numbers them; n is the merchant's ordinal.

/** A merchant's first payment with a wallet ('*': any) arriving on a day (+1) or leaving it for an earlier one (-1). */
export interface BitMove {
  channel: string;
  wallet: string;
  day: string;
  ordinal: number;
  sign: 1 | -1;
}

/** Applies moves per bitmap in key order (concurrent batches lock shared rows alike); emptied bitmaps are removed. */
export async function applyBitMoves(tx: Sql, moves: BitMove[]): Promise<void> {
  const cells = new Map<string, { key: [string, string, string]; set: number[]; clear: number[] }>();
  for (const m of moves) {
    const id = `${m.channel}|${m.wallet}|${m.day}`;
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { key: [m.channel, m.wallet, m.day], set: [], clear: [] }));
    (m.sign > 0 ? c.set : c.clear).push(m.ordinal);
  }
  if (!cells.size) return;
  const sorted = [...cells.keys()].sort().map((k) => cells.get(k)!);
  const keys = [0, 1, 2].map((i) => sorted.map((c) => c.key[i]!));
  await tx.$executeRawUnsafe(
    `INSERT INTO merchant_first_bitmaps (channel_code, wallet_code, day, bits)
     SELECT a.channel, a.wallet, a.day::date, '\\x'::bytea FROM unnest($1::text[], $2::text[], $3::text[]) AS a(channel, wallet, day)
     ON CONFLICT DO NOTHING`,
    ...keys,
  );
  await tx.$executeRawUnsafe(
    // typed arrays and a function of text: Citus refuses casts of columns inside an UPDATE
    `UPDATE merchant_first_bitmaps b SET bits = bitmap_update_text(b.bits, a.set_bits, a.clear_bits)
     FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[]) AS a(channel, wallet, day, set_bits, clear_bits)
     WHERE b.channel_code = a.channel AND b.wallet_code = a.wallet AND b.day = a.day`,
    ...keys,
    sorted.map((c) => `{${c.set.join(",")}}`),
    sorted.map((c) => `{${c.clear.join(",")}}`),
  );
  if (sorted.some((c) => c.clear.length)) {
    await tx.$executeRawUnsafe(
      `DELETE FROM merchant_first_bitmaps b USING unnest($1::text[], $2::text[], $3::date[]) AS a(channel, wallet, day)
       WHERE b.channel_code = a.channel AND b.wallet_code = a.wallet AND b.day = a.day AND b.bits = '\\x'::bytea`,
      ...keys,
    );
  }
}

/** target |= other, growing target's view as needed; returns the (possibly new) target. */
export function orInto(target: Uint8Array, other: Uint8Array): Uint8Array {
  let t = target;
  if (other.length > t.length) {
    t = new Uint8Array(other.length);
    t.set(target);
  }
  for (let i = 0; i < other.length; i++) t[i]! |= other[i]!;
  return t;
}

const BYTE_BITS = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

/** Bits set in a, counting only those also set in mask when one is given. */
export function popcount(a: Uint8Array, mask?: Uint8Array): number {
  let n = 0;
  if (mask) for (let i = 0; i < a.length && i < mask.length; i++) n += BYTE_BITS[a[i]! & mask[i]!]!;
  else for (let i = 0; i < a.length; i++) n += BYTE_BITS[a[i]!]!;
  return n;
}

/** A bitmap with the given bits set. */
export function bitmapOf(bits: number[]): Uint8Array {
  const out = new Uint8Array(bits.length ? Math.floor(Math.max(...bits) / 8) + 1 : 0);
  for (const b of bits) out[b >> 3]! |= 1 << (b & 7);
  return out;
}
