import type { Db } from "../db/client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** A payment that has just entered a counted state (SUCCESS or REFUNDED). */
export interface PaidActivity {
  createdAt: Date;
  payerHash: string;
  channelCode: string;
  walletCode: string | null;
  payerCountry: string;
  districtCode: string;
  merchantId: string;
}

/** merchant_firsts' row per merchant and channel over every wallet; no wallet code can be "*". */
export const ANY_WALLET = "*";

export const COUNTED_STATUSES = ["SUCCESS", "REFUNDED"] as const;
export const isCounted = (status: string) => status === "SUCCESS" || status === "REFUNDED";

/** Asia/Shanghai calendar day of an instant. */
export const localDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Records who paid where on which day, each payer's first payment and each
 * merchant's first foreign payment per wallet. Insert-only, so replays and late events
 * are harmless.
 */
export async function recordActivity(tx: Tx, rows: PaidActivity[]): Promise<void> {
  if (rows.length === 0) return;
  const payerDays = new Map<string, string[]>();
  const payers = new Map<string, { row: PaidActivity }>();
  const merchantFirsts = new Map<string, string[]>();
  for (const r of rows) {
    const day = localDay(r.createdAt);
    const wallet = r.walletCode ?? "";
    payerDays.set(`${r.payerHash}|${day}|${r.districtCode}`, [day, r.payerHash, r.channelCode, wallet, r.payerCountry, r.districtCode]);
    // per wallet, and across all wallets under ANY_WALLET for the unfiltered coverage
    for (const w of [wallet, ANY_WALLET]) {
      const mk = `${r.merchantId}|${r.channelCode}|${w}`;
      const seen = merchantFirsts.get(mk);
      if (!seen || day < seen[3]!) merchantFirsts.set(mk, [r.merchantId, r.channelCode, w, day]);
    }
    const first = payers.get(r.payerHash);
    if (!first || r.createdAt < first.row.createdAt) payers.set(r.payerHash, { row: r });
  }
  const cols = (m: Map<string, string[]>, n: number) => Array.from({ length: n }, (_, i) => [...m.values()].map((v) => v[i]!));
  await tx.$executeRawUnsafe(
    `INSERT INTO payer_days (day, payer_hash, channel_code, wallet_code, payer_country, district_code)
     SELECT a.day::date, a.payer, a.channel, a.wallet, a.country, a.district
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS a(day, payer, channel, wallet, country, district)
     ON CONFLICT DO NOTHING`,
    ...cols(payerDays, 6),
  );
  const firsts = [...payers.values()].map(({ row }) => row);
  await tx.$executeRawUnsafe(
    `INSERT INTO payers (payer_hash, channel_code, wallet_code, payer_country, first_paid_at)
     SELECT a.payer, a.channel, a.wallet, a.country, a.at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS a(payer, channel, wallet, country, at)
     ON CONFLICT (payer_hash) DO UPDATE SET first_paid_at = EXCLUDED.first_paid_at
     WHERE EXCLUDED.first_paid_at < payers.first_paid_at`,
    firsts.map((r) => r.payerHash),
    firsts.map((r) => r.channelCode),
    firsts.map((r) => r.walletCode ?? ""),
    firsts.map((r) => r.payerCountry),
    firsts.map((r) => r.createdAt.toISOString()),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO merchant_firsts (merchant_id, channel_code, wallet_code, first_day)
     SELECT a.merchant, a.channel, a.wallet, a.day::date
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS a(merchant, channel, wallet, day)
     ON CONFLICT (merchant_id, channel_code, wallet_code) DO UPDATE SET first_day = EXCLUDED.first_day
     WHERE EXCLUDED.first_day < merchant_firsts.first_day`,
    ...cols(merchantFirsts, 4),
  );
}

/** The same three tables from raw rows, for the rebuild and the exactness tests. */
export const ACTIVITY_SQL = {
  payer_days: `SELECT DISTINCT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, t.payer_hash, t.channel_code,
      coalesce(t.wallet_code, '') AS wallet_code, t.payer_country, t.district_code
    FROM transactions t WHERE t.status IN ('SUCCESS', 'REFUNDED')`,
  payers: `SELECT DISTINCT ON (t.payer_hash) t.payer_hash, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code,
      t.payer_country, t.created_at AS first_paid_at
    FROM transactions t WHERE t.status IN ('SUCCESS', 'REFUNDED') ORDER BY t.payer_hash, t.created_at`,
  merchant_firsts: `SELECT t.merchant_id, t.channel_code, w.wallet_code,
      min((t.created_at AT TIME ZONE 'Asia/Shanghai')::date) AS first_day
    FROM transactions t CROSS JOIN LATERAL (VALUES (coalesce(t.wallet_code, '')), ('*')) AS w(wallet_code)
    WHERE t.status IN ('SUCCESS', 'REFUNDED') GROUP BY 1, 2, 3`,
} as const;
