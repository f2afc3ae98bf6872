import fc from "fast-check";
import { BASE_MID_RATE } from "@/lib/simulate/profile";
import { TEST_MERCHANTS, amountFor } from "../helpers/fixtures";

// Generated ingestion and reference-rate requests, valid and hostile: shapes,
// encodings, magnitudes, dates, duplicates, replays and key scope. Most rows
// start valid and get one or two fields broken, so the checks behind the
// first broken field are reached too.

export const FUZZ_WALLETS = [
  ["ALIPAYHK", "HKD"], ["TNG", "MYR"], ["KAKAOPAY", "KRW"], ["TOSSPAY", "KRW"], ["TRUEMONEY", "THB"], ["HIPAY", "MNT"], ["OCBC", "SGD"],
] as const;
export const FUZZ_CURRENCIES = ["HKD", "MYR", "KRW", "THB", "MNT", "SGD", "USD"] as const;
const STATUSES = ["PENDING", "SUCCESS", "FAILED", "UNKNOWN", "REFUNDED"] as const;
const FAIL_CODES = ["REQUEST_TIMEOUT", "BALANCE_INSUFFICIENT", "RISK_REJECT", "SYSTEM_ERROR"];
// a few hours of the Games, a few minutes of which have reference rates (see FUZZ_RATE_MINUTES)
const T0 = Date.parse("2023-09-30T10:00:00+08:00");
/** The minutes whose rates the fuzzer writes, so payments, rates and corrections meet. */
export const FUZZ_RATE_MINUTES = Array.from({ length: 6 }, (_, i) => new Date(T0 + i * 60_000).toISOString());

const WEIRD_STRINGS = [
  "", " ", "\u0000", "M-TEST-1\u0000", "\ud800", "x\udfff", "😀", "\u202e", "a".repeat(10_000), "'; DROP TABLE transactions; --",
  "=cmd|' /C calc'!A0", "null", "NaN", "１２３", "1e308", "-0", "0x10", "../../etc/passwd", "<script>alert(1)</script>",
];
const WEIRD_NUMBERS = ["0", "-1", "-0.01", "0.00001", "1e3", "1E-2", "99999999999999", "999999999999999999999", "0.0000", "12.3456789", " 12.5 ", "12,50", "Infinity"];
const WEIRD_DATES = [
  "2023-13-40T10:00:00+08:00", "not a date", "1970-01-01T00:00:00Z", "2999-01-01T00:00:00+08:00", "2023-09-30T10:00:00", "2023-09-30",
  "2023-09-30T25:00:00+08:00", "2023-02-29T10:00:00+08:00", "+100000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "2021-12-31T23:59:59+08:00", "2023-09-30T10:00:00.123456789+08:00",
];

/** Any JSON value, small. */
const anyJson = fc.jsonValue({ maxDepth: 2 });

const weirdValue = fc.oneof(
  fc.constantFrom<unknown>(...WEIRD_STRINGS),
  fc.constantFrom<unknown>(...WEIRD_NUMBERS),
  fc.constantFrom<unknown>(...WEIRD_DATES),
  fc.double(),
  fc.integer(),
  fc.constantFrom<unknown>(null, true, [], {}),
  anyJson,
  fc.string({ unit: "binary", maxLength: 40 }),
);

const FIELDS = ["externalId", "channel", "wallet", "payerCountry", "merchantId", "district", "currency", "amount", "amountCny", "status", "resultCode", "latencyMs", "payerId", "createdAt", "updatedAt"];

export type Row = Record<string, unknown>;

const baseRow = fc
  .record({
    // mostly fresh ids; a small shared range makes rows meet stored ones (replays do that on purpose too)
    id: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1000, max: 100_000_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) }),
    wallet: fc.integer({ min: 0, max: FUZZ_WALLETS.length - 1 }),
    card: fc.boolean(),
    merchant: fc.integer({ min: 0, max: TEST_MERCHANTS.length - 1 }),
    fen: fc.integer({ min: 100, max: 2_000_000 }),
    markup: fc.integer({ min: 0, max: 400 }),
    second: fc.integer({ min: 0, max: 8 * 60 }),
    status: fc.constantFrom(...STATUSES),
    code: fc.nat(),
    latency: fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: undefined }),
    payer: fc.integer({ min: 0, max: 50 }),
  })
  .map((p): Row => {
    const [wallet, currency] = FUZZ_WALLETS[p.wallet]!;
    const cny = (p.fen / 100).toFixed(2);
    const at = new Date(T0 + p.second * 1000).toISOString();
    return {
      externalId: `FZ-${p.id}`,
      ...(p.card ? { channel: "CARD", payerCountry: "US", currency: "USD" } : { wallet, currency }),
      merchantId: TEST_MERCHANTS[p.merchant]!.id,
      amount: amountFor(p.card ? "USD" : currency, cny, p.markup),
      amountCny: cny,
      status: p.status,
      resultCode: p.status === "SUCCESS" ? "SUCCESS" : p.status === "FAILED" ? FAIL_CODES[p.code % FAIL_CODES.length] : undefined,
      latencyMs: p.latency,
      payerId: `fz-payer-${p.payer}`,
      createdAt: at,
      updatedAt: new Date(Date.parse(at) + (p.status === "PENDING" ? 0 : 1500)).toISOString(),
    };
  });

const mutation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("set" as const), field: fc.constantFrom(...FIELDS), value: weirdValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), field: fc.constantFrom(...FIELDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("extra" as const), field: fc.constantFrom("amount_cny", "__proto__", "constructor", "x\u0000", "id"), value: weirdValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unicode" as const), field: fc.constantFrom("merchantId", "payerId", "externalId", "resultCode", "district"), value: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }) }) },
);

function mutate(row: Row, m: { kind: string; field: string; value?: unknown }): Row {
  const out: Row = { ...row };
  if (m.kind === "drop") delete out[m.field];
  else if (m.kind === "extra") Object.defineProperty(out, m.field, { value: m.value, enumerable: true, configurable: true, writable: true });
  else out[m.field] = m.value;
  return out;
}

/** A row that is valid as generated (nine in ten) or carries one or two broken fields: about half the batches hold a broken row. */
export const rowArb: fc.Arbitrary<Row> = fc
  .tuple(baseRow, fc.array(mutation, { minLength: 1, maxLength: 2 }), fc.nat(9))
  .map(([row, ms, n]) => (n > 0 ? row : ms.reduce((r, m) => mutate(r, m), row)));

export type Body = { text: string; contentType: string };

/** The request body of a batch: usually JSON of its rows, sometimes NDJSON or something that is not a batch at all. */
export const bodyArb = (rows: fc.Arbitrary<unknown[]>): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 14, arbitrary: rows.map((r) => ({ text: JSON.stringify(r), contentType: "application/json" })) },
    { weight: 2, arbitrary: rows.map((r) => ({ text: r.map((x) => JSON.stringify(x)).join("\n"), contentType: "application/x-ndjson" })) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ text, contentType: "application/json" })),
        rows.map((r) => ({ text: JSON.stringify(r).slice(0, -3), contentType: "application/json" })),
        rows.map((r) => ({ text: JSON.stringify(r), contentType: "text/plain" })),
        rows.map((r) => ({ text: JSON.stringify({ rows: r }), contentType: "application/json" })),
        rows.map((r) => ({ text: JSON.stringify([r]), contentType: "application/json" })),
        fc.constantFrom({ text: "[]", contentType: "application/json" }, { text: "", contentType: "application/json" }, { text: "[1e999]", contentType: "application/json" }),
        anyJson.map((v) => ({ text: JSON.stringify(v), contentType: "application/json" })),
      ),
    },
  );

const rateRowArb: fc.Arbitrary<Row> = fc
  .tuple(
    fc.record({
      currency: fc.constantFrom(...FUZZ_CURRENCIES),
      minute: fc.constantFrom(...FUZZ_RATE_MINUTES),
      bump: fc.integer({ min: -300, max: 300 }),
      correction: fc.option(fc.boolean(), { nil: undefined }),
      reason: fc.constantFrom("feed correction", "feed correction", "feed correction", undefined, "x", "stale \u0000 quote"),
    }),
    fc.array(fc.record({ field: fc.constantFrom("currency", "minute", "midRate", "correction", "reason"), value: weirdValue }), { maxLength: 1 }),
    fc.nat(4),
  )
  .map(([r, broken, n]) => {
    const ms = n === 0 ? broken : [];
    const row: Row = { currency: r.currency, minute: r.minute, midRate: (BASE_MID_RATE[r.currency]! * (1 + r.bump / 10_000)).toPrecision(8) };
    if (r.correction !== undefined) row.correction = r.correction;
    if (r.reason !== undefined) row.reason = r.reason;
    for (const m of ms) row[m.field] = m.value;
    return row;
  });

export type KeyName = "all" | "kakao" | "rates-only" | "payments-only";

export type Op =
  | { kind: "payments"; key: KeyName; body: Body; rows: unknown[] }
  | { kind: "replay"; key: KeyName; pick: number; status: (typeof STATUSES)[number]; later: number }
  | { kind: "rates"; key: KeyName; body: Body; rows: unknown[] };

const keyArb = fc.constantFrom<KeyName>("all", "all", "all", "all", "all", "all", "all", "kakao", "rates-only", "payments-only");

const withBody = (rows: fc.Arbitrary<unknown[]>) => rows.chain((r) => bodyArb(fc.constant(r)).map((body) => ({ body, rows: r })));

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ key: keyArb, b: withBody(fc.array(rowArb, { minLength: 1, maxLength: 12 })) }).map(({ key, b }) => ({ kind: "payments" as const, key, ...b })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("replay" as const), key: keyArb, pick: fc.nat(), status: fc.constantFrom(...STATUSES), later: fc.integer({ min: -5000, max: 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ key: keyArb, b: withBody(fc.array(rateRowArb, { minLength: 1, maxLength: 6 })) }).map(({ key, b }) => ({ kind: "rates" as const, key, ...b })) },
);
