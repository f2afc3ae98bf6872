import type { Sql } from "../db/client";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS, binOf, emptyHistogram } from "./histograms";
import { FailureDelta } from "./failure-counts";
import { MerchantDayDelta } from "./merchant-days";
import { DIM_CAST, ROLLUP_TABLES, bucketStartSeconds, type Dim } from "./rollup-keys";
import { scaled, unscaled } from "./exact";
import { byKey } from "./activity";
import { isCounted } from "../statuses";
import { payerBit } from "./payer-bits";
import { venueZone } from "../venue-zones";

/** What one transaction adds to the rollups in one state. */
export interface Contribution {
  createdAt: Date;
  merchantId: string;
  payerHash: string;
  channelCode: string;
  walletCode: string | null;
  payerCountry: string;
  districtCode: string;
  merchantCategory: string;
  venueCode: string | null;
  venueDistanceM: number | null;
  status: string;
  resultCode: string;
  amountCny: string;
  latencyMs: number | null;
  spreadBps: string | null;
}

interface Acc {
  bucket: number;
  dims: string[];
  payments: number;
  cents: bigint;
  latencyCount: number;
  latencySum: number;
  latencyHist: number[];
  spreadCount: number;
  /** in 1/10,000 bps, exact */
  spreadSum: bigint;
  spreadHist: number[];
  /** in 1e-10 CNY (cents x 1e-4 bps), exact */
  spreadCost: bigint;
  payerBits: bigint;
}

function isZero(a: Acc): boolean {
  return (
    a.payments === 0 && a.cents === 0n && a.latencyCount === 0 && a.latencySum === 0 && a.spreadCount === 0 &&
    a.spreadSum === 0n && a.spreadCost === 0n && a.latencyHist.every((n) => n === 0) && a.spreadHist.every((n) => n === 0)
  );
}

/**
 * Sums of +/- contributions per rollup key, exact (integer cents and 1e-4 bps),
 * so a status change moves a payment between buckets without rounding drift.
 */
export class RollupDelta {
  private readonly accs = ROLLUP_TABLES.map(() => new Map<string, Acc>());
  private readonly merchantDays = new MerchantDayDelta();
  private readonly failures = new FailureDelta();
  private negative = false;

  add(c: Contribution, sign: 1 | -1): void {
    if (sign < 0) this.negative = true;
    this.merchantDays.add(c, sign);
    this.failures.add(c, sign);
    const values: Record<Dim, string> = {
      channel_code: c.channelCode,
      wallet_code: c.walletCode ?? "",
      payer_country: c.payerCountry,
      district_code: c.districtCode,
      merchant_category: c.merchantCategory,
      status: c.status,
      result_code: c.resultCode,
      venue_zone: venueZone(c.venueCode, c.venueDistanceM),
    };
    const cents = scaled(c.amountCny, 2);
    const spread = c.spreadBps === null ? null : scaled(c.spreadBps, 4);
    const cost = spread === null ? 0n : cents * spread;
    const counted = isCounted(c.status);
    const bit = payerBit(c.payerHash);
    const latencyBin = c.latencyMs === null ? -1 : binOf(LATENCY_BOUNDS_MS, c.latencyMs);
    const spreadBin = c.spreadBps === null ? -1 : binOf(SPREAD_BOUNDS_BPS, Number(c.spreadBps));
    ROLLUP_TABLES.forEach(({ seconds, dims }, t) => {
      const bucket = bucketStartSeconds(c.createdAt.getTime(), seconds);
      const dimValues = dims.map((d) => values[d]);
      const id = `${bucket}|${dimValues.join("|")}`;
      let a = this.accs[t]!.get(id);
      if (!a) {
        a = {
          bucket,
          dims: dimValues,
          payments: 0,
          cents: 0n,
          latencyCount: 0,
          latencySum: 0,
          latencyHist: emptyHistogram(LATENCY_BOUNDS_MS),
          spreadCount: 0,
          spreadSum: 0n,
          spreadHist: emptyHistogram(SPREAD_BOUNDS_BPS),
          spreadCost: 0n,
          payerBits: 0n,
        };
        this.accs[t]!.set(id, a);
      }
      a.payments += sign;
      // only ever set: a payment never leaves the counted states, see lib/store/payer-bits.ts
      if (sign > 0 && counted) a.payerBits |= bit;
      a.cents += sign > 0 ? cents : -cents;
      if (latencyBin >= 0) {
        a.latencyCount += sign;
        a.latencySum += sign * c.latencyMs!;
        a.latencyHist[latencyBin]! += sign;
      }
      if (spread !== null) {
        a.spreadCount += sign;
        a.spreadSum += sign > 0 ? spread : -spread;
        a.spreadCost += sign > 0 ? cost : -cost;
        a.spreadHist[spreadBin]! += sign;
      }
    });
  }

  /** Writes the deltas; rows whose count drops to zero are removed. */
  async apply(tx: Sql): Promise<void> {
    for (let t = 0; t < ROLLUP_TABLES.length; t++) {
      const { table, dims } = ROLLUP_TABLES[t]!;
      // a fixed key order keeps concurrent batches from deadlocking on the same rows
      const rows = byKey(this.accs[t]!).filter((a) => !isZero(a));
      if (rows.length === 0) continue;
      const buckets = rows.map((r) => new Date(r.bucket * 1000).toISOString());
      await tx.$executeRawUnsafe(
        upsertSql(table, dims),
        buckets,
        ...dims.map((_, i) => rows.map((r) => r.dims[i]!)),
        rows.map((r) => String(r.payments)),
        rows.map((r) => unscaled(r.cents, 2)),
        rows.map((r) => String(r.latencyCount)),
        rows.map((r) => String(r.latencySum)),
        rows.map((r) => `{${r.latencyHist.join(",")}}`),
        rows.map((r) => String(r.spreadCount)),
        rows.map((r) => unscaled(r.spreadSum, 4)),
        rows.map((r) => `{${r.spreadHist.join(",")}}`),
        rows.map((r) => unscaled(r.spreadCost, 10)),
        rows.map((r) => BigInt.asIntN(64, r.payerBits).toString()),
      );
      if (this.negative) {
        await tx.$executeRawUnsafe(
          `DELETE FROM ${table} WHERE payments = 0 AND bucket = ANY($1::timestamptz[])`,
          [...new Set(buckets)],
        );
      }
    }
    await this.merchantDays.apply(tx);
    await this.failures.apply(tx);
  }
}

// in place, element by element (see migration 20261126030000_faster_paths)
const addArrays = (a: string, b: string) => `int_array_add(${a}, ${b})`;

/** Every rollup table's measure columns, in table order, with their SQL types. */
export const MEASURES = [
  ["payments", "integer"],
  ["amount_cny", "numeric"],
  ["latency_count", "integer"],
  ["latency_sum_ms", "bigint"],
  ["latency_hist", "integer[]"],
  ["spread_count", "integer"],
  ["spread_sum_bps", "numeric"],
  ["spread_hist", "integer[]"],
  ["spread_cost_cny", "numeric"],
  ["payer_bits", "bigint"],
] as const;

function upsertSql(table: string, dims: readonly Dim[]): string {
  const columns = ["bucket", ...dims, ...MEASURES.map(([m]) => m)];
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const select = [
    "d.bucket::timestamptz",
    ...dims.map((dim) => `d.${dim}${DIM_CAST[dim]}`),
    ...MEASURES.map(([m, type]) => `d.${m}::${type}`),
  ].join(", ");
  const set = MEASURES.map(([m, type]) =>
    type === "integer[]"
      ? `${m} = ${addArrays(`r.${m}`, `EXCLUDED.${m}`)}`
      : m === "payer_bits"
        ? `${m} = r.${m} | EXCLUDED.${m}`
        : `${m} = r.${m} + EXCLUDED.${m}`,
  ).join(",\n  ");
  return `
INSERT INTO ${table} AS r (${columns.join(", ")})
SELECT ${select}
FROM unnest(${params}) AS d(${columns.join(", ")})
ON CONFLICT (bucket, ${dims.join(", ")}) DO UPDATE SET
  ${set}`;
}
