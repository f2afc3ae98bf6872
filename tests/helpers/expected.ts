import type { SimTransaction } from "@/lib/simulate/generate";

/** Exact CNY total in cents from decimal strings. */
export function cents(values: string[]): bigint {
  return values.reduce((acc, v) => {
    const [i = "0", f = ""] = v.split(".");
    return acc + BigInt(i) * 100n + BigInt((f + "00").slice(0, 2));
  }, 0n);
}

export function centsToDecimal(c: bigint): string {
  return `${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
}

/** The overview's figures worked out in plain JS from the simulator's own output. */
export function expectedOverview(rows: SimTransaction[]) {
  const succeeded = (r: SimTransaction) => r.status === "SUCCESS" || r.status === "REFUNDED";
  const wallet = rows.filter((r) => r.channel === "WALLET");
  const card = rows.filter((r) => r.channel === "CARD");
  const perWallet = new Map<string, { payments: number; volumeCny: string; failed: number; attempts: number }>();
  for (const code of new Set(wallet.map((r) => r.wallet!))) {
    const mine = wallet.filter((r) => r.wallet === code);
    perWallet.set(code, {
      payments: mine.filter(succeeded).length,
      volumeCny: centsToDecimal(cents(mine.filter(succeeded).map((r) => r.amountCny))),
      failed: mine.filter((r) => r.status === "FAILED").length,
      attempts: mine.length,
    });
  }
  const payers = new Set(rows.filter(succeeded).map((r) => `${r.wallet ?? `card:${r.payerCountry}`}|${r.payerId}`));
  return {
    walletVolumeCny: centsToDecimal(cents(wallet.filter(succeeded).map((r) => r.amountCny))),
    walletPayments: wallet.filter(succeeded).length,
    cardVolumeCny: centsToDecimal(cents(card.filter(succeeded).map((r) => r.amountCny))),
    cardPayments: card.filter(succeeded).length,
    payers: payers.size,
    // coverage counts foreign-wallet payments (cards are not wallets)
    merchantsWithForeignPayments: new Set(wallet.filter(succeeded).map((r) => r.merchantId)).size,
    perWallet,
  };
}
