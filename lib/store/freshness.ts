import "server-only";
import type { Db } from "../db/client";

/** How far the derived tables are behind the payments, read before a metric is computed. */
export interface Freshness {
  /** every change logged before this instant is in the derived tables */
  asOf: string;
  /** seconds the oldest change still waiting has waited (0 when the log is empty) */
  behindSeconds: number;
  /** changes waiting for the folder (counted up to BACKLOG_CAP) */
  backlog: number;
  lastPassAt: string | null;
  /** why the folder stopped, if it did */
  lastError: string | null;
  /** moves whenever the figures may have changed (lib/store/answer-cache.ts) */
  version: string;
}

const BACKLOG_CAP = 1_000_000;

/**
 * What is still in the change log is not folded yet (the folder deletes what it
 * applies), so the data is complete up to the oldest waiting change, or up to
 * now when nothing waits.
 */
export async function readFreshness(db: Db): Promise<Freshness> {
  const [row] = await db.$queryRawUnsafe<{ now: Date; oldest: Date | null; backlog: number; last_pass_at: Date | null; last_error: string | null; version: string }[]>(
    `SELECT now() AS now,
       (SELECT logged_at FROM change_log ORDER BY id LIMIT 1) AS oldest,
       (SELECT count(*)::integer FROM (SELECT 1 FROM change_log LIMIT ${BACKLOG_CAP}) w) AS backlog,
       f.last_pass_at, f.last_error, f.version::text AS version
     FROM fold_state f WHERE f.id = 1`,
  );
  const now = row?.now ?? new Date();
  const asOf = row?.oldest && row.oldest < now ? row.oldest : now;
  return {
    asOf: asOf.toISOString(),
    behindSeconds: Math.max(0, Math.round((now.getTime() - asOf.getTime()) / 100) / 10),
    backlog: row?.backlog ?? 0,
    lastPassAt: row?.last_pass_at?.toISOString() ?? null,
    lastError: row?.last_error ?? null,
    version: row?.version ?? "0",
  };
}
