import "server-only";
import type { Sql } from "../db/client";
import { localDay } from "../local-time";
import { HLL_M, HLL_POINT_SQL, hllPoint } from "./hll";
import { applyBitMoves, type BitMove } from "./merchant-bitmaps";
import { names, upsertSums, type Column } from "./upsert-sums";
import { countedSql } from "../statuses";

/** A payment that has just entered a counted state (lib/statuses.ts). */
export interface PaidActivity {
  createdAt: Date;
  payerHash: string;
  channelCode: string;
  walletCode: string | null;
  payerCountry: string;
  districtCode: string;
  merchantId: string;
  merchantCategory: string;
}

/** The "every value" key in merchant_firsts' wallet and payer_sketches' cells; no code can be "*". */
export const ANY_WALLET = "*";
export const ANY = "*";


/** Another writer inserted a payer or merchant first between our read and our write (the folder is the one writer; a pass that meets this fails and the next one retries). */
export class ConcurrentActivityError extends Error {}

/** The values of a map in key order: concurrent batches then lock shared rows in the same order. */
export const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/**
 * +/- counts per key for a small table of counts (first-time payers per day,
 * merchants reaching coverage and onboarded per day): a first that moves earlier
 * leaves one key and joins another. Applied as one upsert; emptied keys are removed.
 */
export class CountMoves {
  private readonly moves = new Map<string, { key: string[]; n: number }>();

  move(key: string[], n: number): void {
    const id = key.join("|");
    const m = this.moves.get(id) ?? { key, n: 0 };
    m.n += n;
    this.moves.set(id, m);
  }

  /** columns: the key columns with the SQL cast of each text parameter; count: the counter column */
  async apply(tx: Sql, table: string, columns: Column[], count: string): Promise<void> {
    const deltas = byKey(this.moves).filter((m) => m.n !== 0);
    await upsertSums(tx, table, columns, names(columns), [[count, "integer", (d) => String(d.n), "+"]], deltas);
    if (deltas.some((d) => d.n < 0)) await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE ${count} = 0`);
  }
}

/** The three sketch cells a payment on a day belongs to. */
function sketchCells(day: string, r: PaidActivity): [string, string, string, string][] {
  const wallet = r.walletCode ?? "";
  return [
    [day, r.channelCode, wallet, ANY],
    [day, ANY, ANY, r.districtCode],
    [day, r.channelCode, wallet, r.districtCode],
  ];
}

/**
 * Each payer's first payment (with the first-time-payer counts per day that
 * follow from it), payer sketches per day, and each merchant's first foreign
 * payment per wallet. Payments only ever move into the counted states, so all
 * of it only grows: replays and late events are harmless.
 */
export async function recordActivity(tx: Sql, rows: PaidActivity[]): Promise<void> {
  if (rows.length === 0) return;
  const firsts = new Map<string, PaidActivity>();
  const merchantFirsts = new Map<string, string[]>();
  const sketches = new Map<string, { cell: string[]; ranks: Map<number, number> }>();
  for (const r of rows) {
    const day = localDay(r.createdAt);
    const wallet = r.walletCode ?? "";
    // per wallet, and across all wallets under ANY_WALLET for the unfiltered coverage
    for (const w of [wallet, ANY_WALLET]) {
      const mk = `${r.merchantId}|${r.channelCode}|${w}`;
      const seen = merchantFirsts.get(mk);
      if (!seen || day < seen[3]!) merchantFirsts.set(mk, [r.merchantId, r.channelCode, w, day, r.districtCode, r.merchantCategory]);
    }
    const first = firsts.get(r.payerHash);
    // ties on time go to the lower district code, in SQL as here
    if (!first || r.createdAt < first.createdAt || (+r.createdAt === +first.createdAt && r.districtCode < first.districtCode)) {
      firsts.set(r.payerHash, r);
    }
    const { idx, rank } = hllPoint(r.payerHash);
    for (const cell of sketchCells(day, r)) {
      const key = cell.join("|");
      let s = sketches.get(key);
      if (!s) sketches.set(key, (s = { cell, ranks: new Map() }));
      if ((s.ranks.get(idx) ?? 0) < rank) s.ranks.set(idx, rank);
    }
  }
  await recordFirstPayments(tx, byKey(firsts));
  await addToSketches(tx, byKey(sketches));
  await recordMerchantFirsts(tx, byKey(merchantFirsts));
}

/** Upserts merchants' first foreign payments and moves the per-day coverage counts with them. */
async function recordMerchantFirsts(tx: Sql, firsts: string[][]): Promise<void> {
  const col = (i: number) => firsts.map((v) => v[i]!);
  // no row locks: every writer of these rows holds the fold lock (the folder, a rebuild, a merchant correction)
  const before = await tx.$queryRawUnsafe<{ merchant_id: string; channel_code: string; wallet_code: string; day: string }[]>(
    `SELECT merchant_id, channel_code, wallet_code, to_char(first_day, 'YYYY-MM-DD') AS day FROM merchant_firsts
     WHERE (merchant_id, channel_code, wallet_code) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    col(0),
    col(1),
    col(2),
  );
  const old = new Map(before.map((r) => [`${r.merchant_id}|${r.channel_code}|${r.wallet_code}`, r.day]));
  const changed = await tx.$queryRawUnsafe<{ merchant_id: string; channel_code: string; wallet_code: string; day: string; inserted: boolean }[]>(
    `INSERT INTO merchant_firsts AS f (merchant_id, channel_code, wallet_code, first_day)
     SELECT a.merchant, a.channel, a.wallet, a.day::date
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS a(merchant, channel, wallet, day)
     ON CONFLICT (merchant_id, channel_code, wallet_code) DO UPDATE SET first_day = EXCLUDED.first_day
     WHERE EXCLUDED.first_day < f.first_day
     RETURNING f.merchant_id, f.channel_code, f.wallet_code, to_char(f.first_day, 'YYYY-MM-DD') AS day, (xmax = 0) AS inserted`,
    ...[0, 1, 2, 3].map(col),
  );
  // read apart: on Citus a RETURNING clause may not query another table
  const ordinals = new Map(
    (
      await tx.$queryRawUnsafe<{ id: string; ordinal: number }[]>(`SELECT id, ordinal FROM merchants WHERE id = ANY($1::text[])`, [
        ...new Set(changed.map((c) => c.merchant_id)),
      ])
    ).map((m) => [m.id, m.ordinal]),
  );
  const attrs = new Map(firsts.map((v) => [`${v[0]}|${v[1]}|${v[2]}`, { district: v[4]!, category: v[5]! }]));
  const moves = new CountMoves();
  const bits: BitMove[] = [];
  for (const c of changed) {
    const id = `${c.merchant_id}|${c.channel_code}|${c.wallet_code}`;
    const was = old.get(id);
    if (!c.inserted && !was) throw new ConcurrentActivityError();
    const { district, category } = attrs.get(id)!;
    if (was) moves.move([was, c.channel_code, c.wallet_code, district, category], -1);
    moves.move([c.day, c.channel_code, c.wallet_code, district, category], 1);
    const bit = { channel: c.channel_code, wallet: c.wallet_code, ordinal: ordinals.get(c.merchant_id)! };
    if (was) bits.push({ ...bit, day: was, sign: -1 });
    bits.push({ ...bit, day: c.day, sign: 1 });
  }
  await applyBitMoves(tx, bits);
  await moves.apply(
    tx,
    "merchant_coverage_days",
    [["day", "::date"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""], ["category", "::merchant_category"]],
    "merchants",
  );
}

/** Upserts payers' first payments and moves first-time-payer counts to the new first day. */
async function recordFirstPayments(tx: Sql, firsts: PaidActivity[]): Promise<void> {
  const hashes = firsts.map((r) => r.payerHash);
  // no row locks: every writer of payers holds the fold lock (the folder, a rebuild)
  const before = await tx.$queryRawUnsafe<{ payer_hash: string; at: Date; district: string }[]>(
    `SELECT payer_hash, first_paid_at AS at, first_district_code AS district FROM payers WHERE payer_hash = ANY($1::text[])`,
    hashes,
  );
  const old = new Map(before.map((r) => [r.payer_hash, r]));
  const changed = await tx.$queryRawUnsafe<{ payer_hash: string; inserted: boolean }[]>(
    `INSERT INTO payers AS p (payer_hash, channel_code, wallet_code, payer_country, first_district_code, first_paid_at)
     SELECT a.payer, a.channel, a.wallet, a.country, a.district, a.at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS a(payer, channel, wallet, country, district, at)
     ON CONFLICT (payer_hash) DO UPDATE SET first_paid_at = EXCLUDED.first_paid_at, first_district_code = EXCLUDED.first_district_code
     WHERE (EXCLUDED.first_paid_at, EXCLUDED.first_district_code) < (p.first_paid_at, p.first_district_code)
     RETURNING p.payer_hash, (xmax = 0) AS inserted`,
    hashes,
    firsts.map((r) => r.channelCode),
    firsts.map((r) => r.walletCode ?? ""),
    firsts.map((r) => r.payerCountry),
    firsts.map((r) => r.districtCode),
    firsts.map((r) => r.createdAt.toISOString()),
  );
  const byHash = new Map(firsts.map((r) => [r.payerHash, r]));
  const moves = new CountMoves();
  for (const c of changed) {
    const r = byHash.get(c.payer_hash)!;
    const was = old.get(c.payer_hash);
    // an update of a row we did not see: another batch inserted this payer meanwhile
    if (!c.inserted && !was) throw new ConcurrentActivityError();
    const wallet = r.walletCode ?? "";
    if (was) moves.move([localDay(was.at), r.channelCode, wallet, was.district], -1);
    moves.move([localDay(r.createdAt), r.channelCode, wallet, r.districtCode], 1);
  }
  await moves.apply(tx, "payer_first_days", [["day", "::date"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""]], "payers");
}

async function addToSketches(tx: Sql, cells: { cell: string[]; ranks: Map<number, number> }[]): Promise<void> {
  const col = (i: number) => cells.map((c) => c.cell[i]!);
  const cellParams = [col(0), col(1), col(2), col(3)];
  await tx.$executeRawUnsafe(
    `INSERT INTO payer_sketches (day, channel_code, wallet_code, district_code, registers)
     SELECT a.day::date, a.channel, a.wallet, a.district, decode(repeat('00', ${HLL_M}), 'hex')
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS a(day, channel, wallet, district)
     ON CONFLICT DO NOTHING`,
    ...cellParams,
  );
  // one new version for every cell this pass touches (readers compare a cell's version for equality);
  // taken apart, since Citus refuses nextval() inside an UPDATE
  const [{ version } = { version: "0" }] = await tx.$queryRawUnsafe<{ version: string }[]>(
    `SELECT nextval(pg_get_serial_sequence('payer_sketches', 'version'))::text AS version`,
  );
  await tx.$executeRawUnsafe(
    `UPDATE payer_sketches s SET registers = hll_add_text(s.registers, a.idx, a.rnk), version = $7::bigint
     FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS a(day, channel, wallet, district, idx, rnk)
     WHERE s.day = a.day AND s.channel_code = a.channel AND s.wallet_code = a.wallet AND s.district_code = a.district`,
    ...cellParams,
    cells.map((c) => `{${[...c.ranks.keys()].join(",")}}`),
    cells.map((c) => `{${[...c.ranks.values()].join(",")}}`),
    version,
  );
}

const PAID = `SELECT t.payer_hash, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code, t.payer_country, t.district_code,
    t.merchant_id, t.created_at, (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day
  FROM transactions t WHERE ${countedSql("t.status")}`;

const point = HLL_POINT_SQL("payer_hash");

/**
 * One bytea per group of `keys` from rows of (pos, byte): each byte at its position, zero bytes
 * between, and after the last up to `length` bytes when given (else none). Each group's pairs are
 * gathered unordered into one array and ordered there, a few thousand at a time: ordering all the
 * pairs at once for a window over them took 23-38 s of the sketches' rebuild at 10M payments.
 */
const bytesSql = (from: string, keys: string, as: string, length?: number) => `
    SELECT ${keys}, (SELECT decode(string_agg(repeat('00', r.v / 256 - coalesce(r.prev / 256, -1) - 1) || lpad(to_hex(r.v % 256), 2, '0'), '' ORDER BY r.v)${
      length ? ` || repeat('00', ${length - 1} - max(r.v) / 256)` : ""}, 'hex')
      FROM (SELECT v, lag(v) OVER (ORDER BY v) AS prev FROM unnest(b.vs) AS v) r) AS ${as}
    FROM (SELECT ${keys}, array_agg(pos * 256 + byte) AS vs FROM ${from} GROUP BY ${keys}) b`;

/** The same tables from raw rows, for the rebuild and the exactness tests. */
export const ACTIVITY_SQL = {
  // sorted by the hash's bytes: it only has to bring a payer's rows together, and the database's
  // collation compared the 64-character hashes far slower (10M payments: 14.4 -> 9.2 s)
  payers: `SELECT DISTINCT ON (payer_hash COLLATE "C") payer_hash, channel_code, wallet_code, payer_country, created_at AS first_paid_at,
      district_code AS first_district_code
    FROM (${PAID}) p ORDER BY payer_hash COLLATE "C", created_at, district_code`,
  payer_first_days: `SELECT (first_paid_at AT TIME ZONE 'Asia/Shanghai')::date AS day, channel_code, wallet_code,
      first_district_code AS district_code, count(*)::integer AS payers
    FROM (SELECT DISTINCT ON (payer_hash) payer_hash, channel_code, wallet_code, created_at AS first_paid_at, district_code AS first_district_code
      FROM (${PAID}) p ORDER BY payer_hash, created_at, district_code) f GROUP BY 1, 2, 3, 4`,
  // registers hex-encoded per cell from the sparse (index, max rank) pairs, zeros in between; the
  // maximum needs no distinct payers (a payer seen twice sets the same register), and the cells over
  // every district or every wallet take the maximum of the finest cells' registers: one pass over
  // the payments instead of three over their distinct rows (10M payments: 115 s before)
  payer_sketches: `WITH fine AS (
      SELECT day, channel_code, wallet_code, district_code, ${point.idx} AS pos, max(${point.rank}) AS byte FROM (${PAID}) p GROUP BY 1, 2, 3, 4, 5),
    regs AS (
      SELECT day, channel_code, wallet_code, '${ANY}' AS district_code, pos, max(byte) AS byte FROM fine GROUP BY 1, 2, 3, 5
      UNION ALL SELECT day, '${ANY}', '${ANY}', district_code, pos, max(byte) FROM fine GROUP BY 1, 4, 5
      UNION ALL SELECT * FROM fine)
    ${bytesSql("regs", "day, channel_code, wallet_code, district_code", "registers", HLL_M)}`,
  merchant_firsts: `SELECT t.merchant_id, t.channel_code, w.wallet_code,
      min((t.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS first_day
    FROM transactions t CROSS JOIN LATERAL (VALUES (coalesce(t.wallet_code, '')), ('${ANY_WALLET}')) AS w(wallet_code)
    WHERE ${countedSql("t.status")} GROUP BY 1, 2, 3`,
  // from merchant_firsts (computed just before it in a rebuild)
  merchant_coverage_days: `SELECT f.first_day AS day, f.channel_code, f.wallet_code, m.district_code, m.category, count(*)::integer AS merchants
    FROM merchant_firsts f JOIN merchants m ON m.id = f.merchant_id GROUP BY 1, 2, 3, 4, 5`,
  // from merchant_firsts too; bytes with the merchants' bits, zero bytes between them, none after the last
  merchant_first_bitmaps: `WITH bytes AS (
      SELECT f.channel_code, f.wallet_code, f.first_day AS day, m.ordinal / 8 AS pos, sum(1 << (m.ordinal % 8))::integer AS byte
      FROM merchant_firsts f JOIN merchants m ON m.id = f.merchant_id GROUP BY 1, 2, 3, 4)
    ${bytesSql("bytes", "channel_code, wallet_code, day", "bits")}`,
} as const;
