import type { TransactionInput } from "@/lib/ingest/schema";
import { TEST_MERCHANTS, amountFor, walletRow } from "./fixtures";

// The same batch for the same index, every time: a client that lost its
// answer sends exactly what it sent before.

const WALLETS = [["ALIPAYHK", "HKD"], ["TNG", "MYR"], ["KAKAOPAY", "KRW"], ["TRUEMONEY", "THB"]] as const;
const T0 = Date.parse("2023-09-30T08:00:00+08:00");

export function faultBatch(index: number, size: number): TransactionInput[] {
  return Array.from({ length: size }, (_, j) => {
    const n = index * size + j;
    const [wallet, currency] = WALLETS[n % WALLETS.length]!;
    const cny = (((n * 7919) % 90_000) / 100 + 5).toFixed(2);
    const failed = n % 17 === 0;
    return walletRow({
      externalId: `F-${index}-${j}`,
      wallet,
      currency,
      amount: amountFor(currency, cny, 40 + (n % 120)),
      amountCny: cny,
      merchantId: TEST_MERCHANTS[n % TEST_MERCHANTS.length]!.id,
      status: failed ? "FAILED" : "SUCCESS",
      resultCode: failed ? "REQUEST_TIMEOUT" : "SUCCESS",
      latencyMs: 200 + (n % 3000),
      payerId: `fault-payer-${n % 997}`,
      createdAt: new Date(T0 + n * 1_500).toISOString(),
    });
  });
}

/** Every external id of batches 0..count-1. */
export const faultIds = (count: number, size: number) => Array.from({ length: count * size }, (_, n) => `F-${Math.floor(n / size)}-${n % size}`);
