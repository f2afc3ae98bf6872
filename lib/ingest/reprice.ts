import type { Sql } from "../db/client";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { RollupDelta, type Contribution } from "./rollups";

export interface RateKey {
  currency: string;
  minuteMs: number;
}

interface Affected {
  external_id: string;
  channel_code: string;
  wallet_code: string | null;
  payer_country: string;
  district_code: string;
  merchant_id: string;
  payer_hash: string;
  status: string;
  result_code: string;
  amount_cny: string;
  latency_ms: number | null;
  created_at: Date;
  currency_code: string;
  minute: Date;
  mid_rate: string;
  old_spread: string | null;
  new_spread: string;
  category: string;
  venue_code: string | null;
  venue_distance_m: number | null;
}

// The stored payments of the given minutes whose reference rate differs from
// the one now stored, with the spread that rate gives (as the insert computes it).
const AFFECTED_SQL = `
SELECT t.external_id, t.channel_code, t.wallet_code, t.payer_country, t.district_code, t.merchant_id, t.payer_hash,
  t.status::text AS status, t.result_code, t.amount_cny::text AS amount_cny, t.latency_ms, t.created_at,
  t.currency_code, k.minute, r.mid_rate::text AS mid_rate, t.spread_bps::text AS old_spread,
  round((r.mid_rate / t.fx_rate - 1) * 10000, 4)::text AS new_spread,
  m.category::text AS category, m.nearest_venue_code AS venue_code, m.venue_distance_m
FROM unnest($1::text[], $2::timestamptz[]) AS k(currency_code, minute)
JOIN fx_reference_rates r ON r.currency_code = k.currency_code AND r.minute = k.minute
JOIN transactions t ON t.currency_code = k.currency_code AND t.created_at >= k.minute AND t.created_at < k.minute + interval '1 minute'
JOIN merchants m ON m.id = t.merchant_id
WHERE t.mid_rate IS DISTINCT FROM r.mid_rate
ORDER BY t.external_id
FOR UPDATE OF t`;

function contribution(a: Affected, spreadBps: string | null): Contribution {
  return {
    createdAt: a.created_at,
    merchantId: a.merchant_id,
    payerHash: a.payer_hash,
    channelCode: a.channel_code,
    walletCode: a.wallet_code,
    payerCountry: a.payer_country,
    districtCode: a.district_code,
    merchantCategory: a.category,
    venueCode: a.venue_code,
    venueDistanceM: a.venue_distance_m,
    status: a.status,
    resultCode: a.result_code,
    amountCny: a.amount_cny,
    latencyMs: a.latency_ms,
    spreadBps,
  };
}

/**
 * Gives the stored payments of these minutes the reference rate now stored for
 * them: their mid rate and spread, the rollups' spread measures (the old
 * spread leaves, the new one enters) and their FX outlier rows. Call inside
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
    `UPDATE transactions t SET mid_rate = u.mid_rate::numeric, spread_bps = u.spread_bps::numeric
     FROM unnest($1::text[], $2::text[], $3::text[]) AS u(external_id, mid_rate, spread_bps)
     WHERE t.external_id = u.external_id`,
    ids,
    affected.map((a) => a.mid_rate),
    affected.map((a) => a.new_spread),
  );
  const delta = new RollupDelta();
  for (const a of affected) {
    delta.add(contribution(a, a.old_spread), -1);
    delta.add(contribution(a, a.new_spread), 1);
    const key = `${a.currency_code}|${a.minute.getTime()}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  await delta.apply(tx);
  await tx.$executeRawUnsafe(`DELETE FROM fx_outliers WHERE external_id = ANY($1::text[])`, ids);
  await tx.$executeRawUnsafe(
    `INSERT INTO fx_outliers (external_id, spread_bps, created_at, channel_code, wallet_code, district_code, merchant_id)
     SELECT * FROM (${FX_OUTLIERS_SQL}) o WHERE o.external_id = ANY($1::text[])`,
    ids,
  );
  return { total: affected.length, byKey };
}
