import type { Sql } from "../db/client";
import { names, upsertSums, type Column, type Measure } from "./upsert-sums";
import { localDay, monthStart, weekStart } from "../local-time";
import { byKey } from "./activity";
import { scaled, unscaled } from "./exact";
import { PAYER_BITS_SQL, payerBit } from "./payer-bits";
import { VENUE_RADII_M, VENUE_RING_SQL, venueRing } from "../venue-zones";
import { bucketSql, bucketStart } from "./rollup-keys";
import { countedSql, failedSql, isCounted } from "../statuses";

/** The channel and wallet of a merchant-day's totals row. */
export const ALL = "*";

/** What one payment in one state adds to merchant_days, merchant_periods, venue_days and district_hours. */
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

type Acc = Counts & { key: string[] };

const nonZero = (a: Counts) => a.attempts !== 0 || a.payments !== 0 || a.failed !== 0 || a.cents !== 0n || a.payerBits !== 0n;

/**
 * +/- per merchant, local day, channel and wallet (plus the merchant-day's
 * totals row), the same per ISO week and month (merchant_periods), per day, venue ring, channel, wallet, district and category
 * (plus totals rows over category, over district and category, and over all four), and per hour, channel,
 * wallet and district (plus a totals row over channel and wallet); the same
 * counting rules as lib/metrics/measures.ts.
 */
export class MerchantDayDelta {
  private readonly days = new Map<string, Acc>();
  private readonly periods = new Map<string, Acc>();
  private readonly venues = new Map<string, Acc>();
  private readonly hours = new Map<string, Acc>();

  add(c: MerchantContribution, sign: 1 | -1): void {
    const day = localDay(c.createdAt);
    const wallet = c.walletCode ?? "";
    const bump = (m: Map<string, Acc>, key: string[]) => {
      const id = key.join("|");
      let a = m.get(id);
      if (!a) m.set(id, (a = { key, attempts: 0, payments: 0, failed: 0, cents: 0n, payerBits: 0n }));
      a.attempts += sign;
      if (isCounted(c.status)) a.payments += sign;
      if (sign > 0 && isCounted(c.status)) a.payerBits |= payerBit(c.payerHash);
      if (c.status === "FAILED") a.failed += sign;
      if (isCounted(c.status)) a.cents += BigInt(sign) * scaled(c.amountCny, 2);
    };
    for (const [channel, w] of [[c.channelCode, wallet], [ALL, ALL]]) {
      bump(this.days, [c.merchantId, day, channel!, w!, c.districtCode, c.merchantCategory]);
      for (const [grain, start] of [["week", weekStart(day)], ["month", monthStart(day)]]) {
        bump(this.periods, [c.merchantId, grain!, start!, channel!, w!, c.districtCode, c.merchantCategory]);
      }
    }
    const hour = bucketStart(c.createdAt, 3600).toISOString();
    for (const [channel, w] of [[c.channelCode, wallet], [ALL, ALL]]) bump(this.hours, [hour, channel!, w!, c.districtCode]);
    const ring = venueRing(c.venueDistanceM);
    if (c.venueCode === null || ring === null) return;
    // the payment's own row and the totals rows that filters without a category read (see the schema)
    for (const [channel, w, district, category] of [
      [c.channelCode, wallet, c.districtCode, c.merchantCategory],
      [c.channelCode, wallet, c.districtCode, ALL],
      [c.channelCode, wallet, ALL, ALL],
      [ALL, ALL, ALL, ALL],
    ]) {
      bump(this.venues, [day, c.venueCode, String(ring), channel!, w!, district!, category!]);
    }
  }

  async apply(tx: Sql): Promise<void> {
    // sorted, so concurrent batches lock shared rows in the same order
    const counted = (m: Map<string, Acc>) => byKey(m).filter(nonZero);
    const merchantDay: Column[] = [["merchant_id", ""], ["day", "::date"], ["channel_code", ""], ["wallet_code", ""]];
    // keyed by district too: a merchant whose district is corrected stays in each district's lists once
    const byDistrict = [...names(merchantDay), "district_code"];
    await upsertSums(tx, "merchant_days", [...merchantDay, ...MERCHANT_KEY], byDistrict, COUNTS, counted(this.days));
    const period: Column[] = [["merchant_id", ""], ["grain", ""], ["start", "::date"], ["channel_code", ""], ["wallet_code", ""]];
    await upsertSums(tx, "merchant_periods", [...period, ...MERCHANT_KEY], [...names(period), "district_code"], COUNTS, counted(this.periods));
    const hour: Column[] = [["bucket", "::timestamptz"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""]];
    await upsertSums(tx, "district_hours", hour, names(hour), HOUR_COUNTS, counted(this.hours));
    // venue days hold successful payments only; a move between other states changes nothing there
    const paid = (m: Map<string, Acc>) => byKey(m).filter((a) => a.payments !== 0 || a.payerBits !== 0n);
    const venue: Column[] = [
      ["day", "::date"], ["venue_code", ""], ["ring_m", "::integer"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""], ["category", ""],
    ];
    await upsertSums(tx, "venue_days", venue, names(venue), PAID, paid(this.venues));
  }
}

/** After the other key columns of merchant_days and merchant_periods: the merchant's district (a key column too) and category, which the first row of a key keeps. */
const MERCHANT_KEY: Column[] = [["district_code", ""], ["category", "::merchant_category"]];

const PAYMENTS: Measure<Acc> = ["payments", "integer", (a) => String(a.payments), "+"];
const PAYER_BITS: Measure<Acc> = ["payer_bits", "bigint", (a) => BigInt.asIntN(64, a.payerBits).toString(), "|"];
const ATTEMPTS: Measure<Acc> = ["attempts", "integer", (a) => String(a.attempts), "+"];
const FAILED: Measure<Acc> = ["failed", "integer", (a) => String(a.failed), "+"];
const PAID: Measure<Acc>[] = [PAYMENTS, PAYER_BITS];
const HOUR_COUNTS: Measure<Acc>[] = [ATTEMPTS, PAYMENTS, FAILED, PAYER_BITS];
const COUNTS: Measure<Acc>[] = [ATTEMPTS, PAYMENTS, FAILED, ["amount_cny", "numeric", (a) => unscaled(a.cents, 2), "+"], PAYER_BITS];

const MERCHANT_DAY_MEASURES = (alias: string) => `count(*)::integer AS attempts,
    (count(*) FILTER (WHERE ${countedSql(`${alias}.status`)}))::integer AS payments,
    (count(*) FILTER (WHERE ${failedSql(`${alias}.status`)}))::integer AS failed,
    coalesce(sum(${alias}.amount_cny) FILTER (WHERE ${countedSql(`${alias}.status`)}), 0)::numeric(20,2) AS amount_cny,
    ${PAYER_BITS_SQL(alias)} AS payer_bits`;

/**
 * merchant_days summed per ISO week and month (merchant_days is rebuilt before it; columns in the
 * table's order). A merchant keeps one category per period: the first row's incrementally, the
 * lowest here; they differ only if its category changed within the period.
 */
export const MERCHANT_PERIODS_SQL = `SELECT g.grain, CASE WHEN g.grain = 'week' THEN md.day - (extract(isodow FROM md.day)::integer - 1)
      ELSE date_trunc('month', md.day)::date END AS start, md.merchant_id, md.channel_code, md.wallet_code, md.district_code, min(md.category) AS category,
    sum(md.attempts)::integer AS attempts, sum(md.payments)::integer AS payments, sum(md.failed)::integer AS failed,
    sum(md.amount_cny) AS amount_cny, bit_or(md.payer_bits) AS payer_bits
  FROM merchant_days md CROSS JOIN (VALUES ('week'), ('month')) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6`;

/** The same table from raw rows, for the rebuild and the exactness tests (columns in the table's order: inserted positionally). */
// The totals rows ('*') come from each payment counted twice through a lateral VALUES list, then one
// plain GROUP BY: GROUPING SETS in a form Citus runs on distributed tables (it refuses grouping sets).
export const MERCHANT_DAYS_SQL = `SELECT day, merchant_id, g.channel_code, g.wallet_code, ${MERCHANT_DAY_MEASURES("t")}, category, district_code
  FROM (SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, t.merchant_id, t.channel_code,
      coalesce(t.wallet_code, '') AS wallet_code, t.district_code, m.category, t.status, t.amount_cny, t.payer_hash
    FROM transactions t JOIN merchants m ON m.id = t.merchant_id) t
  CROSS JOIN LATERAL (VALUES (t.channel_code, t.wallet_code), ('${ALL}', '${ALL}')) AS g(channel_code, wallet_code)
  GROUP BY day, merchant_id, g.channel_code, g.wallet_code, district_code, category`;

/** The same table from raw rows (columns in the table's order): a row per district and category, and their '*' totals. */
export const VENUE_DAYS_SQL = `SELECT day, venue_code, ring_m, g.channel_code, g.wallet_code, g.district_code, g.category,
    count(*)::integer AS payments, ${PAYER_BITS_SQL("t")} AS payer_bits
  FROM (SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, m.nearest_venue_code AS venue_code, ${VENUE_RING_SQL} AS ring_m,
      t.channel_code, coalesce(t.wallet_code, '') AS wallet_code, t.district_code, m.category::text AS category, t.status, t.payer_hash
    FROM transactions t JOIN merchants m ON m.id = t.merchant_id
    WHERE ${countedSql("t.status")} AND m.nearest_venue_code IS NOT NULL AND m.venue_distance_m <= ${VENUE_RADII_M.at(-1)}) t
  CROSS JOIN LATERAL (VALUES (t.channel_code, t.wallet_code, t.district_code, t.category), (t.channel_code, t.wallet_code, t.district_code, '${ALL}'),
    (t.channel_code, t.wallet_code, '${ALL}', '${ALL}'), ('${ALL}', '${ALL}', '${ALL}', '${ALL}')) AS g(channel_code, wallet_code, district_code, category)
  GROUP BY day, venue_code, ring_m, g.channel_code, g.wallet_code, g.district_code, g.category`;

/**
 * Payments per hour, channel, wallet and district, and per hour and district on '*' rows, for the
 * hour-of-day heatmap (successful payments) and operations' success and failure series under a
 * district filter (columns in the table's order).
 */
export const DISTRICT_HOURS_SQL = `SELECT bucket, g.channel_code, g.wallet_code, district_code, (count(*) FILTER (WHERE ${countedSql("t.status")}))::integer AS payments, ${PAYER_BITS_SQL("t")} AS payer_bits,
    count(*)::integer AS attempts, (count(*) FILTER (WHERE ${failedSql("t.status")}))::integer AS failed
  FROM (SELECT ${bucketSql("t.created_at", 3600)} AS bucket, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code, t.district_code,
      t.status, t.payer_hash
    FROM transactions t) t
  CROSS JOIN LATERAL (VALUES (t.channel_code, t.wallet_code), ('${ALL}', '${ALL}')) AS g(channel_code, wallet_code)
  GROUP BY bucket, g.channel_code, g.wallet_code, district_code`;
