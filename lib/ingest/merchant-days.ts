import type { Sql } from "../db/client";
import { localDay } from "../local-time";
import { byKey, isCounted } from "./activity";
import { scaled, unscaled } from "./exact";
import { PAYER_BITS_SQL, payerBit } from "./payer-bits";
import { VENUE_RADII_M } from "../venue-zones";
import { bucketSql, bucketStart } from "./rollup-keys";

/** The channel and wallet of a merchant-day's totals row. */
export const ALL = "*";

/** What one payment in one state adds to merchant_days and venue_days. */
export interface MerchantContribution {
  createdAt: Date;
  merchantId: string;
  payerHash: string;
  channelCode: string;
  walletCode: string | null;
  districtCode: string;
  merchantCategory: string;
  venueCode: string | null;
  venueDistanceM: number | null;
  status: string;
  amountCny: string;
}

interface Counts {
  attempts: number;
  payments: number;
  failed: number;
  cents: bigint;
  payerBits: bigint;
}

const nonZero = (a: Counts) => a.attempts !== 0 || a.payments !== 0 || a.failed !== 0 || a.cents !== 0n || a.payerBits !== 0n;

/**
 * +/- per merchant, local day, channel and wallet (plus the merchant-day's
 * totals row), per venue, radius, day, channel and wallet, and per hour,
 * channel, wallet and district; the same counting rules as lib/metrics/measures.ts.
 */
export class MerchantDayDelta {
  private readonly days = new Map<string, Counts & { key: string[] }>();
  private readonly venues = new Map<string, Counts & { key: string[] }>();
  private readonly hours = new Map<string, Counts & { key: string[] }>();

  add(c: MerchantContribution, sign: 1 | -1): void {
    const day = localDay(c.createdAt);
    const wallet = c.walletCode ?? "";
    const bump = (m: Map<string, Counts & { key: string[] }>, key: string[]) => {
      const id = key.join("|");
      let a = m.get(id);
      if (!a) m.set(id, (a = { key, attempts: 0, payments: 0, failed: 0, cents: 0n, payerBits: 0n }));
      a.attempts += sign;
      if (isCounted(c.status)) a.payments += sign;
      if (sign > 0 && isCounted(c.status)) a.payerBits |= payerBit(c.payerHash);
      if (c.status === "FAILED") a.failed += sign;
      if (c.status === "SUCCESS") a.cents += BigInt(sign) * scaled(c.amountCny, 2);
    };
    for (const [channel, w] of [[c.channelCode, wallet], [ALL, ALL]]) {
      bump(this.days, [c.merchantId, day, channel!, w!, c.districtCode, c.merchantCategory]);
    }
    bump(this.hours, [bucketStart(c.createdAt, 3600).toISOString(), c.channelCode, wallet, c.districtCode]);
    if (c.venueCode === null || c.venueDistanceM === null) return;
    for (const radius of VENUE_RADII_M) {
      if (c.venueDistanceM <= radius) bump(this.venues, [day, c.venueCode, String(radius), c.channelCode, wallet]);
    }
  }

  async apply(tx: Sql): Promise<void> {
    // sorted, so concurrent batches lock shared rows in the same order
    const days = byKey(this.days).filter(nonZero);
    if (days.length) {
      const col = (i: number) => days.map((r) => r.key[i]!);
      await tx.$executeRawUnsafe(
        `INSERT INTO merchant_days AS m (merchant_id, day, channel_code, wallet_code, district_code, category, attempts, payments, failed,
           amount_cny, payer_bits)
         SELECT d.merchant, d.day::date, d.channel, d.wallet, d.district, d.category::merchant_category, d.attempts::integer,
           d.payments::integer, d.failed::integer, d.amount::numeric, d.bits::bigint
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
           $10::text[], $11::text[]) AS d(merchant, day, channel, wallet, district, category, attempts, payments, failed, amount, bits)
         ON CONFLICT (merchant_id, day, channel_code, wallet_code) DO UPDATE SET attempts = m.attempts + EXCLUDED.attempts,
           payments = m.payments + EXCLUDED.payments, failed = m.failed + EXCLUDED.failed, amount_cny = m.amount_cny + EXCLUDED.amount_cny,
           payer_bits = m.payer_bits | EXCLUDED.payer_bits`,
        ...[0, 1, 2, 3, 4, 5].map(col),
        days.map((r) => String(r.attempts)),
        days.map((r) => String(r.payments)),
        days.map((r) => String(r.failed)),
        days.map((r) => unscaled(r.cents, 2)),
        days.map((r) => BigInt.asIntN(64, r.payerBits).toString()),
      );
    }
    // venue days and district hours hold successful payments only; a move between other states changes nothing there
    const counted = (a: Counts) => a.payments !== 0 || a.payerBits !== 0n;
    const hours = byKey(this.hours).filter(counted);
    if (hours.length) {
      const col = (i: number) => hours.map((r) => r.key[i]!);
      await tx.$executeRawUnsafe(
        `INSERT INTO district_hours AS h (bucket, channel_code, wallet_code, district_code, payments, payer_bits)
         SELECT d.bucket::timestamptz, d.channel, d.wallet, d.district, d.payments::integer, d.bits::bigint
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS d(bucket, channel, wallet, district, payments, bits)
         ON CONFLICT (bucket, channel_code, wallet_code, district_code) DO UPDATE SET payments = h.payments + EXCLUDED.payments,
           payer_bits = h.payer_bits | EXCLUDED.payer_bits`,
        ...[0, 1, 2, 3].map(col),
        hours.map((r) => String(r.payments)),
        hours.map((r) => BigInt.asIntN(64, r.payerBits).toString()),
      );
    }
    const venues = byKey(this.venues).filter(counted);
    if (venues.length) {
      const col = (i: number) => venues.map((r) => r.key[i]!);
      await tx.$executeRawUnsafe(
        `INSERT INTO venue_days AS v (day, venue_code, radius_m, channel_code, wallet_code, payments, payer_bits)
         SELECT d.day::date, d.venue, d.radius::integer, d.channel, d.wallet, d.payments::integer, d.bits::bigint
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS d(day, venue, radius, channel, wallet, payments, bits)
         ON CONFLICT (day, venue_code, radius_m, channel_code, wallet_code) DO UPDATE SET payments = v.payments + EXCLUDED.payments,
           payer_bits = v.payer_bits | EXCLUDED.payer_bits`,
        ...[0, 1, 2, 3, 4].map(col),
        venues.map((r) => String(r.payments)),
        venues.map((r) => BigInt.asIntN(64, r.payerBits).toString()),
      );
    }
  }
}

const MERCHANT_DAY_MEASURES = (alias: string) => `count(*)::integer AS attempts,
    (count(*) FILTER (WHERE ${alias}.status IN ('SUCCESS', 'REFUNDED')))::integer AS payments,
    (count(*) FILTER (WHERE ${alias}.status = 'FAILED'))::integer AS failed,
    coalesce(sum(${alias}.amount_cny) FILTER (WHERE ${alias}.status = 'SUCCESS'), 0)::numeric(20,2) AS amount_cny,
    ${PAYER_BITS_SQL(alias)} AS payer_bits`;

/** The same table from raw rows, for the rebuild and the exactness tests (columns in the table's order: inserted positionally). */
export const MERCHANT_DAYS_SQL = `SELECT day, merchant_id, coalesce(channel_code, '${ALL}') AS channel_code, coalesce(wallet_code, '${ALL}') AS wallet_code,
    ${MERCHANT_DAY_MEASURES("t")}, category, district_code
  FROM (SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, t.merchant_id, t.channel_code,
      coalesce(t.wallet_code, '') AS wallet_code, t.district_code, m.category, t.status, t.amount_cny, t.payer_hash
    FROM transactions t JOIN merchants m ON m.id = t.merchant_id) t
  GROUP BY GROUPING SETS ((day, merchant_id, channel_code, wallet_code, district_code, category), (day, merchant_id, district_code, category))`;

export const VENUE_DAYS_SQL = `SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, m.nearest_venue_code AS venue_code,
    r.radius AS radius_m, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code,
    count(*)::integer AS payments, ${PAYER_BITS_SQL("t")} AS payer_bits
  FROM transactions t JOIN merchants m ON m.id = t.merchant_id
    JOIN unnest(ARRAY[${VENUE_RADII_M.join(", ")}]) AS r(radius) ON m.venue_distance_m <= r.radius
  WHERE t.status IN ('SUCCESS', 'REFUNDED') AND m.nearest_venue_code IS NOT NULL GROUP BY 1, 2, 3, 4, 5`;

/** Successful payments per hour, channel, wallet and district, for the hour-of-day heatmap (columns in the table's order). */
export const DISTRICT_HOURS_SQL = `SELECT ${bucketSql("t.created_at", 3600)} AS bucket, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code,
    t.district_code, count(*)::integer AS payments, ${PAYER_BITS_SQL("t")} AS payer_bits
  FROM transactions t WHERE t.status IN ('SUCCESS', 'REFUNDED') GROUP BY 1, 2, 3, 4`;
