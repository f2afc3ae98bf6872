import "server-only";
import type { Db } from "../db/client";

/** How far the derived tables are behind the payments, read before a metric is computed. */
export interface Freshness {
  /** every change logged before this instant is in the derived tables */
  asOf: string;
  /** seconds the oldest change still waiting has waited (0 when the log is empty) */
  behindSeconds: number;
  /** changes waiting for the folder: exact up to 10,000, above that the span of their ids (an upper bound) */
  backlog: number;
  lastPassAt: string | null;
  /** why the folder stopped, if it did */
  lastError: string | null;
  /** moves whenever the figures may have changed (lib/store/answer-cache.ts) */
  version: string;
}

// Counted exactly up to here; a longer log is measured by its id range (an upper bound: ids a
// rolled-back batch took are gaps). Counting a million waiting rows took 48 ms of PostgreSQL's
// time on every reading (0.5 ms for the range), at the moment the folder most needed the machine.
const COUNTED_UP_TO = 10_000;

/**
 * What is still in the change log is not folded yet (the folder deletes what it
 * applies), so the data is complete up to the oldest waiting change, or up to
 * now when nothing waits.
 */
export async function readFreshness(db: Db): Promise<Freshness> {
  const [row] = await db.$queryRawUnsafe<{ now: Date; oldest: Date | null; counted: number; span: number | null; last_pass_at: Date | null; last_error: string | null; version: string }[]>(
    `SELECT now() AS now,
       (SELECT logged_at FROM change_log ORDER BY id LIMIT 1) AS oldest,
       (SELECT count(*)::integer FROM (SELECT 1 FROM change_log LIMIT ${COUNTED_UP_TO + 1}) w) AS counted,
       (SELECT (max(id) - min(id) + 1)::integer FROM change_log) AS span,
       f.last_pass_at, f.last_error, f.version::text AS version
     FROM fold_state f WHERE f.id = 1`,
  );
  const now = row?.now ?? new Date();
  const asOf = row?.oldest && row.oldest < now ? row.oldest : now;
  const counted = row?.counted ?? 0;
  return {
    asOf: asOf.toISOString(),
    behindSeconds: Math.max(0, Math.round((now.getTime() - asOf.getTime()) / 100) / 10),
    backlog: counted <= COUNTED_UP_TO ? counted : Math.max(counted, row?.span ?? 0),
    lastPassAt: row?.last_pass_at?.toISOString() ?? null,
    lastError: row?.last_error ?? null,
    version: row?.version ?? "0",
  };
}

const readings = new WeakMap<Db, Promise<Freshness>>();

/**
 * readFreshness, one reading shared by every asker who comes while it is under way (under load a
 * few hundred a second would each send the same query). A joined reading was taken at most one
 * round trip before the asker came: its "as of" is still a time the figures are complete to.
 */
export function sharedFreshness(db: Db): Promise<Freshness> {
  const under = readings.get(db);
  if (under) return under;
  const reading = readFreshness(db).finally(() => {
    if (readings.get(db) === reading) readings.delete(db);
  });
  readings.set(db, reading);
  return reading;
}
