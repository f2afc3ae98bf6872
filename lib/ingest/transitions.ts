import type { TransactionStatusInput } from "./schema";
import type { NormalizedTransaction } from "./validate";

export interface StoredTransaction {
  externalId: string;
  channelCode: string;
  walletCode: string | null;
  merchantId: string;
  currencyCode: string;
  amount: string;
  amountCny: string;
  payerHash: string;
  createdAt: Date;
  status: TransactionStatusInput;
  resultCode: string;
  latencyMs: number | null;
  updatedAt: Date;
}

// Where a payment may go next. FAILED and REFUNDED are final.
const NEXT: Record<TransactionStatusInput, TransactionStatusInput[]> = {
  PENDING: ["PENDING", "UNKNOWN", "SUCCESS", "FAILED"],
  UNKNOWN: ["UNKNOWN", "SUCCESS", "FAILED"],
  SUCCESS: ["REFUNDED"],
  FAILED: [],
  REFUNDED: [],
};

export type Decision =
  | { kind: "unchanged" }
  | { kind: "update" }
  | { kind: "conflict"; field: string; reason: string };

function sameNumber(a: string, b: string): boolean {
  // "12.5" and "12.5000" are the same amount; compare scaled integers, never floats
  const norm = (s: string) => {
    const [i = "0", f = ""] = s.split(".");
    return `${BigInt(i)}.${f.replace(/0+$/, "")}`;
  };
  return norm(a) === norm(b);
}

/** Compares an incoming full row with what is stored under the same external id. */
export function decide(stored: StoredTransaction, next: NormalizedTransaction): Decision {
  const immutable: [string, boolean][] = [
    ["channel", stored.channelCode === next.channelCode],
    ["wallet", stored.walletCode === next.walletCode],
    ["merchantId", stored.merchantId === next.merchantId],
    ["currency", stored.currencyCode === next.currencyCode],
    ["amount", sameNumber(stored.amount, next.amount)],
    ["amountCny", sameNumber(stored.amountCny, next.amountCny)],
    ["payerId", stored.payerHash === next.payerHash],
    ["createdAt", stored.createdAt.getTime() === next.createdAt.getTime()],
  ];
  const changed = immutable.find(([, same]) => !same);
  if (changed) {
    return {
      kind: "conflict",
      field: changed[0],
      reason: `differs from the stored transaction ${stored.externalId}; only status, resultCode, latencyMs and updatedAt may change`,
    };
  }
  const t0 = stored.updatedAt.getTime();
  const t1 = next.updatedAt.getTime();
  const sameState =
    stored.status === next.status && stored.resultCode === next.resultCode && stored.latencyMs === next.latencyMs;
  if (t1 < t0) return { kind: "unchanged" }; // a late copy of an older state
  if (t1 === t0) {
    return sameState
      ? { kind: "unchanged" }
      : { kind: "conflict", field: "updatedAt", reason: "equals the stored updatedAt but the state differs; send a newer updatedAt with a status change" };
  }
  if (stored.status !== next.status && !NEXT[stored.status].includes(next.status)) {
    return { kind: "conflict", field: "status", reason: `cannot move from ${stored.status} to ${next.status}` };
  }
  return { kind: "update" };
}
