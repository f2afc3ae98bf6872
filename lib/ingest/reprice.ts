import "server-only";
import type { Sql } from "../db/client";
import { logChanges } from "../store/change-log";

export interface RateKey {
  currency: string;
  minuteMs: number;
}

interface Affected {
  external_id: string;
  status: string;
  result_code: string;
  latency_ms: number | null;
  currency_code: string;
  minute: Date;
  mid_rate: string;
  old_spread: string | null;
  new_spread: string;
}

// The stored payments of the given minutes whose reference rate differs from
// the one now stored, with the spread that rate gives (as the insert computes it).
// No row locks: the caller holds its currencies' write lock, and every batch of
// payments in those currencies waits for it (lib/ingest/rate-locks.ts).
const AFFECTED_SQL = `
SELECT t.external_id, t.status::text AS status, t.result_code, t.latency_ms, t.currency_code, k.minute, r.mid_rate::text AS mid_rate, t.spread_bps::text AS old_spread,
  round((r.mid_rate / t.fx_rate - 1) * 10000, 4)::text AS new_spread
FROM unnest($1::text[], $2::timestamptz[]) AS k(currency_code, minute)
JOIN fx_reference_rates r ON r.currency_code = k.currency_code AND r.minute = k.minute
JOIN transactions t ON t.currency_code = k.currency_code AND t.created_at >= k.minute AND t.created_at < k.minute + interval '1 minute'
WHERE t.mid_rate IS DISTINCT FROM r.mid_rate
ORDER BY t.external_id`;

/**
 * Gives the stored payments of these minutes the reference rate now stored for
 * them: their mid rate and spread, and a change-log row each from which the
 * folder moves the rollups' spread measures and the FX outlier rows. Call inside
 * the transaction that wrote the rates, holding their currencies' write lock.
 */
export async function repriceMinutes(tx: Sql, keys: RateKey[]): Promise<{ total: number; byKey: Map<string, number> }> {
  const byKey = new Map<string, number>();
  if (!keys.length) return { total: 0, byKey };
  // rates usually arrive before their payments: minutes after the newest payment have none to reprice
  const [newest] = await tx.$queryRawUnsafe<{ at: Date | null }[]>(`SELECT max(created_at) AS at FROM transactions`);
  const due = newest?.at ? keys.filter((k) => k.minuteMs <= newest.at!.getTime()) : [];
  if (!due.length) return { total: 0, byKey };
  const affected = await tx.$queryRawUnsafe<Affected[]>(
    AFFECTED_SQL,
    due.map((k) => k.currency),
    due.map((k) => new Date(k.minuteMs)),
  );
  if (!affected.length) return { total: 0, byKey };
  const ids = affected.map((a) => a.external_id);
  await tx.$executeRawUnsafe(
    `UPDATE transactions t SET mid_rate = u.mid_rate, spread_bps = u.spread_bps
     FROM unnest($1::text[], $2::numeric[], $3::numeric[]) AS u(external_id, mid_rate, spread_bps)
     WHERE t.external_id = u.external_id`,
    ids,
    affected.map((a) => a.mid_rate),
    affected.map((a) => a.new_spread),
  );
  // the rollups' spread measures and the outlier rows follow in the folder: old spread out, new spread in
  await logChanges(
    tx,
    affected.map((a) => {
      const state = { status: a.status, resultCode: a.result_code, latencyMs: a.latency_ms };
      return { externalId: a.external_id, old: { ...state, spreadBps: a.old_spread }, new: { ...state, spreadBps: a.new_spread } };
    }),
  );
  for (const a of affected) {
    const key = `${a.currency_code}|${a.minute.getTime()}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  return { total: affected.length, byKey };
}
