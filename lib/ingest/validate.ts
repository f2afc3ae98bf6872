import { getEnv } from "../env";
import { hashPayerId } from "./payer-hash";
import type { IngestReference } from "./reference-cache";
import { transactionInputSchema, type RowError, type TransactionStatusInput } from "./schema";

export interface NormalizedTransaction {
  row: number;
  externalId: string;
  channelCode: "WALLET" | "CARD";
  walletCode: string | null;
  payerCountry: string;
  merchantId: string;
  districtCode: string;
  currencyCode: string;
  amount: string;
  amountCny: string;
  status: TransactionStatusInput;
  resultCode: string;
  latencyMs: number | null;
  payerHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export type MerchantLookup = Map<string, { districtCode: string }>;

const MAX_AMOUNT_CNY = 500_000;
const FUTURE_SLACK_MS = 5 * 60_000;

const DEFAULT_RESULT: Record<TransactionStatusInput, string> = {
  PENDING: "PAYMENT_IN_PROCESS",
  SUCCESS: "SUCCESS",
  FAILED: "SYSTEM_ERROR",
  UNKNOWN: "UNKNOWN_EXCEPTION",
  REFUNDED: "REFUND_SUCCESS",
};

function decimals(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.replace(/0+$/, "").length - dot - 1;
}

/** The external ids and merchant ids a batch refers to, read before validation to look them up. */
export function merchantIdsOf(rows: unknown[]): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    const id = (r as { merchantId?: unknown } | null)?.merchantId;
    if (typeof id === "string") ids.add(id);
  }
  return [...ids];
}

/**
 * Checks every row against the wire schema, the reference data and the rest of
 * the batch, collecting all errors rather than stopping at the first.
 */
export function validateBatch(
  rows: unknown[],
  ref: IngestReference,
  merchants: MerchantLookup,
  now = Date.now(),
): { ok: NormalizedTransaction[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const ok: NormalizedTransaction[] = [];
  const seen = new Map<string, number>();
  const earliest = Date.parse(`${getEnv().INGEST_EARLIEST_DATE}T00:00:00+08:00`);

  rows.forEach((raw, row) => {
    const parsed = transactionInputSchema.safeParse(raw);
    if (!parsed.success) {
      const externalId = typeof (raw as { externalId?: unknown })?.externalId === "string"
        ? (raw as { externalId: string }).externalId
        : undefined;
      for (const issue of parsed.error.issues) {
        const field =
          issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "(row)";
        const reason = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
        errors.push({ row, externalId, field, reason });
      }
      return;
    }
    const t = parsed.data;
    const rowErrors: RowError[] = [];
    const fail = (field: string, reason: string) => rowErrors.push({ row, externalId: t.externalId, field, reason });

    const firstRow = seen.get(t.externalId);
    if (firstRow !== undefined) fail("externalId", `duplicated in this batch (first at row ${firstRow})`);
    else seen.set(t.externalId, row);

    const createdAt = new Date(t.createdAt);
    const updatedAt = t.updatedAt ? new Date(t.updatedAt) : createdAt;
    if (createdAt.getTime() < earliest) fail("createdAt", `is before ${getEnv().INGEST_EARLIEST_DATE}, outside the accepted window`);
    if (createdAt.getTime() > now + FUTURE_SLACK_MS) fail("createdAt", "is in the future");
    if (updatedAt.getTime() < createdAt.getTime()) fail("updatedAt", "is before createdAt");
    if (updatedAt.getTime() > now + FUTURE_SLACK_MS) fail("updatedAt", "is in the future");

    let walletCode: string | null = null;
    let payerCountry = t.payerCountry;
    const currency = ref.currencies.get(t.currency);
    if (!currency || t.currency === "CNY") fail("currency", `unknown foreign currency ${t.currency}`);
    if (t.channel === "WALLET") {
      const wallet = t.wallet ? ref.wallets.get(t.wallet) : undefined;
      if (!t.wallet) fail("wallet", "is required for channel WALLET");
      else if (!wallet) fail("wallet", `unknown wallet ${t.wallet}; known: ${[...ref.wallets.keys()].join(", ")}`);
      else {
        walletCode = t.wallet;
        if (wallet.currencyCode !== t.currency) fail("currency", `${t.currency} does not match wallet ${t.wallet}, which pays in ${wallet.currencyCode}`);
        if (payerCountry && payerCountry !== wallet.homeCountry) fail("payerCountry", `${payerCountry} does not match wallet ${t.wallet} (${wallet.homeCountry})`);
        payerCountry = wallet.homeCountry;
        if (createdAt.getTime() < wallet.liveSinceMs) fail("createdAt", `is before wallet ${t.wallet} went live in mainland China`);
      }
    } else {
      if (t.wallet) fail("wallet", "must be absent for channel CARD");
      if (!payerCountry) fail("payerCountry", "is required for channel CARD (the card's issuing country)");
    }

    if (currency && decimals(t.amount) > currency.minorUnits) {
      fail("amount", `has more decimal places than ${t.currency} allows (${currency.minorUnits})`);
    }
    if (decimals(t.amountCny) > 2) fail("amountCny", "has more than 2 decimal places");
    if (Number(t.amountCny) > MAX_AMOUNT_CNY) fail("amountCny", `exceeds the sanity limit of CNY ${MAX_AMOUNT_CNY}`);

    const merchant = merchants.get(t.merchantId);
    let districtCode = merchant?.districtCode ?? "";
    if (!merchant) fail("merchantId", `unknown merchant ${t.merchantId}`);
    if (t.district) {
      const d = ref.districts.get(t.district);
      const current = d && !d.current ? d.mergedIntoCode : d ? t.district : undefined;
      if (!current) fail("district", `unknown district ${t.district}`);
      else if (merchant && current !== merchant.districtCode) {
        fail("district", `${t.district} does not match merchant ${t.merchantId}'s district ${merchant.districtCode}`);
      } else districtCode = current;
    }

    const resultCode = t.resultCode ?? DEFAULT_RESULT[t.status];
    if (t.status === "SUCCESS" && resultCode !== "SUCCESS") fail("resultCode", "must be SUCCESS when status is SUCCESS");
    if (t.status === "FAILED" && resultCode === "SUCCESS") fail("resultCode", "cannot be SUCCESS when status is FAILED");

    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    ok.push({
      row,
      externalId: t.externalId,
      channelCode: t.channel,
      walletCode,
      payerCountry: payerCountry!,
      merchantId: t.merchantId,
      districtCode,
      currencyCode: t.currency,
      amount: t.amount,
      amountCny: t.amountCny,
      status: t.status,
      resultCode,
      latencyMs: t.latencyMs ?? null,
      payerHash: hashPayerId(walletCode ?? `card:${payerCountry}`, t.payerId),
      createdAt,
      updatedAt,
    });
  });
  return { ok, errors };
}
