import "server-only";
import type { Db } from "../db/client";
import { nonZeroRegisters } from "../store/hll";

// Payer sketches are 16 KB each and a month of days x districts is hundreds of
// them, while only today's cells change during the Games. Readers keep the
// decoded registers per cell with the cell's version (renewed from a sequence
// on every change, see payer_sketches.version) and fetch only cells whose
// version moved; the check itself reads no registers.

export interface SketchCell {
  day: string;
  channel: string;
  wallet: string;
  district: string;
  registers: Uint8Array;
  /** its non-zero registers when few (see nonZeroRegisters) */
  nonZero: Uint16Array | null;
}

interface Entry {
  version: string;
  cell: SketchCell;
}

/** About 48 MB of registers per database. */
const MAX_CELLS = 3_000;
const caches = new WeakMap<Db, Map<string, Entry>>();

const keyOf = (r: { day: string; channel_code: string; wallet_code: string; district_code: string }) =>
  `${r.day}|${r.channel_code}|${r.wallet_code}|${r.district_code}`;

interface Head {
  day: string;
  channel_code: string;
  wallet_code: string;
  district_code: string;
  version: bigint;
}

/** The sketch cells matching `where` (on payer_sketches, numbered parameters), from the cache where still current. */
export async function readSketches(db: Db, where: string, params: unknown[]): Promise<SketchCell[]> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const heads = await db.$queryRawUnsafe<Head[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel_code, wallet_code, district_code, version FROM payer_sketches WHERE ${where}`,
    ...params,
  );
  const stale = heads.filter((h) => cache.get(keyOf(h))?.version !== String(h.version));
  if (stale.length) {
    const rows = await db.$queryRawUnsafe<(Head & { registers: Uint8Array })[]>(
      `SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.channel_code, s.wallet_code, s.district_code, s.version, s.registers
       FROM payer_sketches s JOIN unnest($1::date[], $2::text[], $3::text[], $4::text[]) AS k(day, channel, wallet, district)
         ON s.day = k.day AND s.channel_code = k.channel AND s.wallet_code = k.wallet AND s.district_code = k.district`,
      stale.map((h) => h.day),
      stale.map((h) => h.channel_code),
      stale.map((h) => h.wallet_code),
      stale.map((h) => h.district_code),
    );
    for (const r of rows) {
      const registers = Uint8Array.from(r.registers);
      const cell = { day: r.day, channel: r.channel_code, wallet: r.wallet_code, district: r.district_code, registers, nonZero: nonZeroRegisters(registers) };
      // a version newer than the head's is fine: sketches only grow
      cache.set(keyOf(r), { version: String(r.version), cell });
    }
  }
  const out: SketchCell[] = [];
  for (const h of heads) {
    const key = keyOf(h);
    const e = cache.get(key);
    if (!e) continue; // removed since the first read (a rebuild); the next read sees the new cells
    // most recently used last, so the oldest are dropped first
    cache.delete(key);
    cache.set(key, e);
    out.push(e.cell);
  }
  for (const key of cache.keys()) {
    if (cache.size <= MAX_CELLS) break;
    cache.delete(key);
  }
  return out;
}
