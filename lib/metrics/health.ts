import "server-only";
import type { Db } from "../db/client";

/**
 * The payments stored, exactly: every payment is counted in exactly one row of
 * each rollup, and the daily wallet rollup is the smallest (a few thousand rows
 * for the whole Games), and a new payment not folded yet has its change-log row. pg_class's estimate was used before; PGlite runs no
 * autovacuum, so it read 0 right after a payment was stored on the embedded default.
 */
export async function databaseHealth(db: Db): Promise<{ ok: true; transactions: number }> {
  // plus the new payments the folder has yet to add: one statement, one snapshot, so none is counted twice
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT coalesce((SELECT sum(payments) FROM rollup_1d_wallet), 0)::bigint
       + (SELECT count(*) FROM change_log WHERE old_status IS NULL) AS n`,
  );
  return { ok: true, transactions: Number(row?.n ?? 0) };
}
