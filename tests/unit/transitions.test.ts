import { describe, expect, it } from "vitest";
import { decide, type StoredTransaction } from "@/lib/ingest/transitions";
import type { NormalizedTransaction } from "@/lib/ingest/validate";

const t0 = new Date("2023-09-30T02:00:00Z");
const stored: StoredTransaction = {
  externalId: "X", channelCode: "WALLET", walletCode: "TNG", merchantId: "M1", currencyCode: "MYR",
  amount: "21.4000", amountCny: "100.00", payerHash: "h", createdAt: t0, status: "PENDING",
  resultCode: "PAYMENT_IN_PROCESS", latencyMs: null, updatedAt: t0,
};
const incoming = (o: Partial<NormalizedTransaction>): NormalizedTransaction => ({
  row: 0, externalId: "X", channelCode: "WALLET", walletCode: "TNG", payerCountry: "MY", merchantId: "M1",
  districtCode: "xihu", currencyCode: "MYR", amount: "21.4", amountCny: "100", status: "PENDING",
  resultCode: "PAYMENT_IN_PROCESS", latencyMs: null, payerHash: "h", createdAt: t0, updatedAt: t0, ...o,
});
const later = new Date(t0.getTime() + 5000);

describe("decide", () => {
  it("treats an identical replay as unchanged, comparing amounts as decimals", () => {
    expect(decide(stored, incoming({}))).toEqual({ kind: "unchanged" });
  });
  it("applies a newer status along the allowed paths", () => {
    expect(decide(stored, incoming({ status: "SUCCESS", resultCode: "SUCCESS", updatedAt: later })).kind).toBe("update");
    expect(decide(stored, incoming({ status: "UNKNOWN", resultCode: "UNKNOWN_EXCEPTION", updatedAt: later })).kind).toBe("update");
    const success = { ...stored, status: "SUCCESS" as const, resultCode: "SUCCESS" };
    expect(decide(success, incoming({ status: "REFUNDED", resultCode: "REFUND_SUCCESS", updatedAt: later })).kind).toBe("update");
  });
  it("ignores an older state that arrives late", () => {
    const success = { ...stored, status: "SUCCESS" as const, resultCode: "SUCCESS", updatedAt: later };
    expect(decide(success, incoming({}))).toEqual({ kind: "unchanged" });
  });
  it("refuses to revive a failed payment or to change an immutable field", () => {
    const failed = { ...stored, status: "FAILED" as const, resultCode: "REQUEST_TIMEOUT" };
    expect(decide(failed, incoming({ status: "SUCCESS", resultCode: "SUCCESS", updatedAt: later }))).toMatchObject({ kind: "conflict", field: "status" });
    expect(decide(stored, incoming({ amountCny: "100.01" }))).toMatchObject({ kind: "conflict", field: "amountCny" });
    expect(decide(stored, incoming({ merchantId: "M2" }))).toMatchObject({ kind: "conflict", field: "merchantId" });
  });
  it("refuses two different states with the same updatedAt", () => {
    expect(decide(stored, incoming({ status: "SUCCESS", resultCode: "SUCCESS" }))).toMatchObject({ kind: "conflict", field: "updatedAt" });
  });
});
