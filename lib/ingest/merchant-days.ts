import type { Tx } from "../db/client";
import { localDay } from "../local-time";
import { isCounted } from "./activity";
import { scaled, unscaled } from "./exact";
import { PAYER_BITS_SQL, payerBit } from "./payer-bits";

interface MerchantDayAcc {
  key: [merchantId: string, day: string, channel: string, wallet: string];
  attempts: number;
  payments: number;
  failed: number;
  cents: bigint;
  payerBits: bigint;
}

/** +/- per merchant, local day, channel and wallet; the same counting rules as lib/metrics/measures.ts. */
export class MerchantDayDelta {
  private readonly accs = new Map<string, MerchantDayAcc>();

  add(
    c: { createdAt: Date; merchantId: string; payerHash: string; channelCode: string; walletCode: string | null; status: string; amountCny: string },
    sign: 1 | -1,
  ): void {
    const key: MerchantDayAcc["key"] = [c.merchantId, localDay(c.createdAt), c.channelCode, c.walletCode ?? ""];
    const id = key.join("|");
    let a = this.accs.get(id);
    if (!a) this.accs.set(id, (a = { key, attempts: 0, payments: 0, failed: 0, cents: 0n, payerBits: 0n }));
    a.attempts += sign;
    if (isCounted(c.status)) a.payments += sign;
    if (sign > 0 && isCounted(c.status)) a.payerBits |= payerBit(c.payerHash);
    if (c.status === "FAILED") a.failed += sign;
    if (c.status === "SUCCESS") a.cents += BigInt(sign) * scaled(c.amountCny, 2);
  }

  async apply(tx: Tx): Promise<void> {
    // sorted, so concurrent batches lock shared rows in the same order
    const rows = [...this.accs.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, a]) => a)
      .filter((a) => a.attempts !== 0 || a.payments !== 0 || a.failed !== 0 || a.cents !== 0n || a.payerBits !== 0n);
    if (!rows.length) return;
    const col = (i: number) => rows.map((r) => r.key[i]!);
    await tx.$executeRawUnsafe(
      `INSERT INTO merchant_days AS m (merchant_id, day, channel_code, wallet_code, attempts, payments, failed, amount_cny, payer_bits)
       SELECT d.merchant, d.day::date, d.channel, d.wallet, d.attempts::integer, d.payments::integer, d.failed::integer, d.amount::numeric,
         d.bits::bigint
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS d(merchant, day, channel, wallet, attempts, payments, failed, amount, bits)
       ON CONFLICT (merchant_id, day, channel_code, wallet_code) DO UPDATE SET attempts = m.attempts + EXCLUDED.attempts,
         payments = m.payments + EXCLUDED.payments, failed = m.failed + EXCLUDED.failed, amount_cny = m.amount_cny + EXCLUDED.amount_cny,
         payer_bits = m.payer_bits | EXCLUDED.payer_bits`,
      col(0),
      col(1),
      col(2),
      col(3),
      rows.map((r) => String(r.attempts)),
      rows.map((r) => String(r.payments)),
      rows.map((r) => String(r.failed)),
      rows.map((r) => unscaled(r.cents, 2)),
      rows.map((r) => BigInt.asIntN(64, r.payerBits).toString()),
    );
  }
}

/** The same table from raw rows, for the rebuild and the exactness tests. */
export const MERCHANT_DAYS_SQL = `SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, t.merchant_id, t.channel_code,
    coalesce(t.wallet_code, '') AS wallet_code, count(*)::integer AS attempts,
    (count(*) FILTER (WHERE t.status IN ('SUCCESS', 'REFUNDED')))::integer AS payments,
    (count(*) FILTER (WHERE t.status = 'FAILED'))::integer AS failed,
    coalesce(sum(t.amount_cny) FILTER (WHERE t.status = 'SUCCESS'), 0)::numeric(20,2) AS amount_cny,
    ${PAYER_BITS_SQL("t")} AS payer_bits
  FROM transactions t GROUP BY 1, 2, 3, 4`;
// (columns in the table's order: the rebuild inserts them positionally)
