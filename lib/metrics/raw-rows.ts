import "server-only";
import type { MetricFilter } from "./filter";
import { countedSql } from "../statuses";

/** The venue filter as conditions on `merchants m` (the same merchants as its rollup zones); p adds a parameter. */
export function venueConditions(filter: Pick<MetricFilter, "venues" | "radiusM">, p: (v: unknown) => string): string[] {
  if (filter.radiusM === null) return [];
  const where = [`m.venue_distance_m <= ${p(filter.radiusM)}`];
  if (filter.venues.length) where.push(`m.nearest_venue_code = ANY(${p(filter.venues)}::text[])`);
  return where;
}

/**
 * WHERE conditions over `transactions t JOIN merchants m` for drill-downs that
 * list single payments; aggregates never come from here (they read rollups).
 */
export function rawConditions(filter: MetricFilter, params: unknown[]): string[] {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`t.created_at >= ${p(filter.from.toISOString())}::timestamptz`, `t.created_at < ${p(filter.to.toISOString())}::timestamptz`];
  if (filter.wallets.length) where.push(`t.wallet_code = ANY(${p(filter.wallets)}::text[])`);
  if (filter.channels.length) where.push(`t.channel_code = ANY(${p(filter.channels)}::text[])`);
  if (filter.districts.length) where.push(`t.district_code = ANY(${p(filter.districts)}::text[])`);
  if (filter.categories.length) where.push(`m.category::text = ANY(${p(filter.categories)}::text[])`);
  where.push(...venueConditions(filter, p));
  return where;
}

/** One payment as drill-down lists show it; the payer is never identified. */
export interface PaymentRow {
  externalId: string;
  createdAt: string;
  updatedAt: string;
  channel: string;
  wallet: string | null;
  payerCountry: string;
  district: string;
  merchantId: string;
  merchantName: string;
  merchantCategory: string;
  currency: string;
  amount: string;
  amountCny: string;
  status: string;
  resultCode: string;
  failureCategory: string | null;
  latencyMs: number | null;
  spreadBps: string | null;
  /** what the spread cost the payer in CNY (amount x spread); payments only (SUCCESS or REFUNDED), as on the FX page */
  spreadCostCny: string | null;
}

export const PAYMENT_COLUMNS = `t.external_id, t.created_at, t.updated_at, t.channel_code, t.wallet_code, t.payer_country, t.district_code,
  t.merchant_id, m.name AS merchant_name, m.category::text AS merchant_category, t.currency_code, t.amount::text AS amount,
  t.amount_cny::text AS amount_cny, t.status::text AS status, t.result_code, rc.category::text AS failure_category, t.latency_ms,
  t.spread_bps::text AS spread_bps,
  CASE WHEN ${countedSql("t.status")} THEN round(t.amount_cny * t.spread_bps * 0.0001, 2)::text END AS spread_cost_cny`;

export const PAYMENT_FROM = `transactions t JOIN merchants m ON m.id = t.merchant_id LEFT JOIN result_codes rc ON rc.code = t.result_code`;

export interface PaymentRecord {
  external_id: string;
  created_at: Date;
  updated_at: Date;
  channel_code: string;
  wallet_code: string | null;
  payer_country: string;
  district_code: string;
  merchant_id: string;
  merchant_name: string;
  merchant_category: string;
  currency_code: string;
  amount: string;
  amount_cny: string;
  status: string;
  result_code: string;
  failure_category: string | null;
  latency_ms: number | null;
  spread_bps: string | null;
  spread_cost_cny: string | null;
}

export const toPaymentRow = (r: PaymentRecord): PaymentRow => ({
  externalId: r.external_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  channel: r.channel_code,
  wallet: r.wallet_code,
  payerCountry: r.payer_country,
  district: r.district_code,
  merchantId: r.merchant_id,
  merchantName: r.merchant_name,
  merchantCategory: r.merchant_category,
  currency: r.currency_code,
  amount: r.amount,
  amountCny: r.amount_cny,
  status: r.status,
  resultCode: r.result_code,
  failureCategory: r.failure_category,
  latencyMs: r.latency_ms,
  spreadBps: r.spread_bps,
  spreadCostCny: r.spread_cost_cny,
});
