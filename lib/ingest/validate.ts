import { getEnv } from "../env";
import { textProblem, unstorableText } from "../storable-text";
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
/** Reference mid rates (CNY per unit) by midRateKey(currency, minute). */
export type MidRateLookup = Map<string, number>;

export const midRateKey = (currency: string, minuteMs: number) => `${currency}|${minuteMs}`;
const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;

const MAX_AMOUNT_CNY = 500_000;
const FUTURE_SLACK_MS = 5 * 60_000;

/** The times a payment may carry: from INGEST_EARLIEST_DATE (Asia/Shanghai midnight) to a few minutes past now. */
const acceptedTimes = (now: number) => ({ earliest: Date.parse(`${getEnv().INGEST_EARLIEST_DATE}T00:00:00+08:00`), latest: now + FUTURE_SLACK_MS });

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
    // an id PostgreSQL cannot take would fail the lookup itself; validation names it instead
    if (typeof id === "string" && !textProblem(id)) ids.add(id);
  }
  return [...ids];
}

/**
 * The (currency, minute) pairs a batch's reference rates are looked up by, read before validation.
 * Only minutes validation can accept are looked up: JavaScript parses years PostgreSQL cannot
 * (year -1 reached PostgreSQL as "00-1-01-01" and failed the whole request with a 500).
 */
export function rateMinutesOf(rows: unknown[], now = Date.now()): { currencies: string[]; minutes: Date[] } {
  const { earliest, latest } = acceptedTimes(now);
  const keys = new Map<string, [string, number]>();
  for (const r of rows) {
    const { currency, createdAt } = (r ?? {}) as { currency?: unknown; createdAt?: unknown };
    if (typeof currency !== "string" || typeof createdAt !== "string" || textProblem(currency)) continue;
    const ms = Date.parse(createdAt);
    if (ms >= earliest && ms <= latest) keys.set(midRateKey(currency, minuteOf(ms)), [currency, minuteOf(ms)]);
  }
  const list = [...keys.values()];
  return { currencies: list.map(([c]) => c), minutes: list.map(([, m]) => new Date(m)) };
}

// six significant digits; JavaScript switches to exponent notation only for the absurd ones
const fmtRate = (r: number) => String(Number(r.toPrecision(6)));

/**
 * Checks every row against the wire schema, the reference data and the rest of
 * the batch, collecting all errors rather than stopping at the first.
 */
export function validateBatch(
  rows: unknown[],
  ref: IngestReference,
  merchants: MerchantLookup,
  now = Date.now(),
  midRates: MidRateLookup = new Map(),
): { ok: NormalizedTransaction[]; errors: RowError[] } {
  const band = getEnv().FX_SPREAD_BAND_BPS;
  const errors: RowError[] = [];
  const ok: NormalizedTransaction[] = [];
  const seen = new Map<string, number>();
  const { earliest, latest } = acceptedTimes(now);

  rows.forEach((raw, row) => {
    const text = unstorableText(raw);
    if (text.length) {
      const externalId = typeof (raw as { externalId?: unknown })?.externalId === "string" && !textProblem((raw as { externalId: string }).externalId)
        ? (raw as { externalId: string }).externalId
        : undefined;
      for (const p of text) errors.push({ row, externalId, field: p.path, reason: p.reason });
      return;
    }
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
    if (createdAt.getTime() > latest) fail("createdAt", "is in the future");
    if (updatedAt.getTime() < createdAt.getTime()) fail("updatedAt", "is before createdAt");
    if (updatedAt.getTime() > latest) fail("updatedAt", "is in the future");

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
    // only for a currency that fits the row: a wrong currency is reported once, as itself
    if (currency && t.currency !== "CNY" && !rowErrors.some((e) => e.field === "currency")) {
      // the applied rate and its spread are stored; outside these bounds they would be nonsense or not fit their columns
      const applied = Number(t.amountCny) / Number(t.amount);
      const mid = midRates.get(midRateKey(t.currency, minuteOf(createdAt.getTime())));
      if (Number(t.amount) > Number(currency.maxAmount)) {
        fail("amount", `exceeds the largest accepted ${t.currency} payment (${currency.maxAmount})`);
      } else if (!(applied >= Number(currency.rateMin) && applied <= Number(currency.rateMax))) {
        fail("amountCny", `CNY ${t.amountCny} for ${t.currency} ${t.amount} is an applied rate of ${fmtRate(applied)} CNY per ${t.currency}, outside the plausible ${currency.rateMin}-${currency.rateMax}`);
      } else if (mid !== undefined) {
        const spread = (mid / applied - 1) * 10_000;
        if (Math.abs(spread) > band) {
          fail("amountCny", `CNY ${t.amountCny} for ${t.currency} ${t.amount} is an applied rate of ${fmtRate(applied)}, ${Math.round(spread)} bp from that minute's reference rate ${fmtRate(mid)}; at most ${band} bp is accepted (FX_SPREAD_BAND_BPS)`);
        }
      }
    }

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
