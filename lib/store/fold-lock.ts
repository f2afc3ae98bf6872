import "server-only";
import type { Sql } from "../db/client";
import { lockKey } from "../db/locks";

// One folder at a time, across every process on the database: a fold pass and a
// rebuild of the derived tables take this lock.
const FOLD_LOCK = lockKey("fold");

/** Takes the fold lock for this transaction if free; false while another folder holds it. */
export async function tryFoldLock(tx: Sql): Promise<boolean> {
  const [row] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK}) AS ok`);
  return row?.ok === true;
}

/** Waits for the fold lock for this transaction: a writer of derived rows outside the folder (merchant corrections). */
export async function waitForFoldLock(tx: Sql): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
}

/** Run in a transaction that changes what metric answers read outside the folder (a rebuild, merchants). */
export const BUMP_DATA_VERSION = `UPDATE fold_state SET version = version + 1 WHERE id = 1`;

/** The session form, taken before a repeatable-read transaction begins (its snapshot must come after the lock). */
export const FOLD_SESSION_LOCK = { take: `SELECT pg_advisory_lock(${FOLD_LOCK})`, release: `SELECT pg_advisory_unlock(${FOLD_LOCK})` };
