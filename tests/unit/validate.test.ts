import { describe, expect, it } from "vitest";
import { validateBatch, type MerchantLookup } from "@/lib/ingest/validate";
import { referenceFromFiles, walletRow } from "../helpers/fixtures";

const ref = referenceFromFiles();
const merchants: MerchantLookup = new Map([
  ["M-TEST-1", { districtCode: "xihu" }],
  ["M-TEST-2", { districtCode: "shangcheng" }],
  ["M-TEST-3", { districtCode: "gongshu" }],
]);
const NOW = Date.parse("2023-10-09T00:00:00+08:00");

function errorsFor(rows: unknown[]) {
  return validateBatch(rows, ref, merchants, NOW).errors;
}

describe("validateBatch", () => {
  it("accepts a good wallet row and derives country, district and a payer hash", () => {
    const { ok, errors } = validateBatch([walletRow()], ref, merchants, NOW);
    expect(errors).toEqual([]);
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ payerCountry: "KR", districtCode: "xihu", walletCode: "KAKAOPAY", amount: "18500" });
    expect(ok[0]!.payerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ok[0]!.payerHash).not.toContain("payer-1");
  });

  it.each([
    ["unknown wallet", { wallet: "PAYPAL" }, "wallet", /unknown wallet PAYPAL/],
    ["negative amount", { amount: "-5" }, "amount", /positive decimal/],
    ["zero amount", { amountCny: "0.00" }, "amountCny", /greater than zero/],
    ["amount as wrong type", { amount: true as unknown as string }, "amount", /./],
    ["currency not matching the wallet", { currency: "HKD" }, "currency", /does not match wallet KAKAOPAY/],
    ["too many decimals for KRW", { amount: "18500.5" }, "amount", /KRW allows \(0\)/],
    ["date before the window", { createdAt: "2019-01-01T00:00:00+08:00" }, "createdAt", /outside the accepted window/],
    ["date in the future", { createdAt: "2023-10-10T00:00:00+08:00" }, "createdAt", /future/],
    ["date without a zone", { createdAt: "2023-09-30 10:00" }, "createdAt", /ISO 8601/],
    ["wallet before it went live", { wallet: "NAVERPAY", createdAt: "2023-08-10T12:00:00+08:00" }, "createdAt", /before wallet NAVERPAY went live/],
    ["unknown merchant", { merchantId: "M-NOPE" }, "merchantId", /unknown merchant/],
    ["unknown district", { district: "atlantis" }, "district", /unknown district/],
    ["district not the merchant's", { district: "binjiang" }, "district", /does not match merchant/],
    ["unknown field", { colour: "red" } as object, "colour", /unknown field/],
    ["failed status with a success code", { status: "FAILED" as const, resultCode: "SUCCESS" }, "resultCode", /cannot be SUCCESS/],
    ["updatedAt before createdAt", { updatedAt: "2023-09-30T09:00:00+08:00" }, "updatedAt", /before createdAt/],
  ])("rejects %s, naming the field", (_name, override, field, reason) => {
    const errors = errorsFor([walletRow(), walletRow({ externalId: "T-0002", ...override })]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.row === 1)).toBe(true);
    expect(errors.map((e) => e.field)).toContain(field);
    expect(errors.find((e) => e.field === field)!.reason).toMatch(reason);
  });

  it("rejects an id duplicated within one batch and points at the first copy", () => {
    const errors = errorsFor([walletRow(), walletRow({ merchantId: "M-TEST-2" }), walletRow()]);
    expect(errors).toEqual([
      { row: 1, externalId: "T-0001", field: "externalId", reason: "duplicated in this batch (first at row 0)" },
      { row: 2, externalId: "T-0001", field: "externalId", reason: "duplicated in this batch (first at row 0)" },
    ]);
  });

  it("maps the pre-2021 Jianggan and Xiacheng districts to Shangcheng and Gongshu", () => {
    const { ok, errors } = validateBatch(
      [walletRow({ merchantId: "M-TEST-2", district: "jianggan" }), walletRow({ externalId: "T-2", merchantId: "M-TEST-3", district: "xiacheng" })],
      ref,
      merchants,
      NOW,
    );
    expect(errors).toEqual([]);
    expect(ok.map((r) => r.districtCode)).toEqual(["shangcheng", "gongshu"]);
  });

  it("requires a card's issuing country and forbids a wallet on the card channel", () => {
    const card = { channel: "CARD" as const, wallet: undefined, currency: "USD", amount: "13.90", payerCountry: undefined };
    expect(errorsFor([walletRow(card)]).map((e) => e.field)).toEqual(["payerCountry"]);
    expect(errorsFor([walletRow({ ...card, payerCountry: "US", wallet: "KAKAOPAY" })]).map((e) => e.field)).toEqual(["wallet"]);
    const { ok } = validateBatch([walletRow({ ...card, payerCountry: "US" })], ref, merchants, NOW);
    expect(ok[0]).toMatchObject({ channelCode: "CARD", walletCode: null, payerCountry: "US" });
  });

  it("reports every bad row, not just the first", () => {
    const errors = errorsFor([walletRow({ amount: "0" }), walletRow({ externalId: "ok" }), walletRow({ externalId: "T-3", wallet: "X" })]);
    expect([...new Set(errors.map((e) => e.row))]).toEqual([0, 2]);
  });

  it("keeps JSON numbers exact as decimal strings", () => {
    const { ok } = validateBatch([walletRow({ amount: 18500, amountCny: 100.1 })], ref, merchants, NOW);
    expect(ok[0]).toMatchObject({ amount: "18500", amountCny: "100.1" });
  });
});
