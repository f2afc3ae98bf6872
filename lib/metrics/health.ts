import "server-only";
import type { Db } from "../db/client";

/**
 * The payments stored, exactly: every payment is counted in exactly one row of
 * each rollup, and the daily wallet rollup is the smallest (a few thousand rows
 * for the whole Games). pg_class's estimate was used before; PGlite runs no
 * autovacuum, so it read 0 right after a payment was stored on the embedded default.
 */
export async function databaseHealth(db: Db): Promise<{ ok: true; transactions: number }> {
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT coalesce(sum(payments), 0)::bigint AS n FROM rollup_1d_wallet`);
  return { ok: true, transactions: Number(row?.n ?? 0) };
}
