import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IngestValidationError } from "@/lib/ingest/errors";
import { ingestFxRates } from "@/lib/ingest/fx-rates";
import { MERCHANT_ONBOARD_DAYS_SQL, upsertMerchants } from "@/lib/ingest/merchants";
import type { TransactionInput } from "@/lib/ingest/schema";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { cents } from "../helpers/expected";
import { TEST_MERCHANTS, amountFor, walletRow } from "../helpers/fixtures";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

const PILOTS = [
  { wallet: "ALIPAYHK", currency: "HKD" },
  { wallet: "TNG", currency: "MYR" },
  { wallet: "KAKAOPAY", currency: "KRW" },
];

function batch(n: number, prefix = "B"): TransactionInput[] {
  return Array.from({ length: n }, (_, i) => {
    const p = PILOTS[i % 3]!;
    return walletRow({
      externalId: `${prefix}-${i}`,
      wallet: p.wallet,
      currency: p.currency,
      amountCny: `${(i % 700) + 1}.${String(i % 97).padStart(2, "0")}`,
      amount: amountFor(p.currency, `${(i % 700) + 1}.${String(i % 97).padStart(2, "0")}`, i % 200),
      merchantId: TEST_MERCHANTS[i % 3]!.id,
      payerId: `p${i % 400}`,
      createdAt: new Date(Date.parse("2023-08-10T00:00:00+08:00") + i * 7_000).toISOString(),
    });
  });
}

describe.skipIf(skip)("ingestion core", () => {
  let t: TestDatabase;
  const snapshot = async () => {
    const [row] = await t.db.$queryRawUnsafe<{ n: bigint; cny: string; statuses: string }[]>(
      `SELECT count(*) AS n, coalesce(sum(amount_cny), 0)::text AS cny,
        coalesce(string_agg(external_id || ':' || status || ':' || updated_at::text, ',' ORDER BY external_id), '') AS statuses
       FROM transactions`,
    );
    return { n: Number(row!.n), cny: row!.cny, statuses: row!.statuses };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("DELETE FROM transactions");
  });

  it("stores a 5,000-row batch once, however often it is replayed", async () => {
    const rows = batch(5_000);
    expect(await ingestTransactions(t.db, rows)).toEqual({ received: 5000, inserted: 5000, updated: 0, unchanged: 0 });
    const first = await snapshot();
    expect(await ingestTransactions(t.db, rows)).toEqual({ received: 5000, inserted: 0, updated: 0, unchanged: 5000 });
    const second = await snapshot();
    expect(second).toEqual(first);
    expect(second.n).toBe(5000);
    const expectedCents = cents(rows.map((r) => String(r.amountCny)));
    expect(cents([second.cny])).toBe(expectedCents);
  });

  it("stores nothing from a batch with one bad row and names that row and field", async () => {
    const rows = batch(1_000, "BAD");
    rows[637] = { ...rows[637]!, currency: "THB" };
    const err = await ingestTransactions(t.db, rows).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestValidationError);
    expect((err as IngestValidationError).errors).toEqual([
      { row: 637, externalId: "BAD-637", field: "currency", reason: expect.stringContaining("does not match wallet") },
    ]);
    expect((await snapshot()).n).toBe(0);
  });

  it("keeps what is stored when a later batch conflicts with it", async () => {
    await ingestTransactions(t.db, batch(10, "K"));
    const before = await snapshot();
    const changed = batch(10, "K").map((r, i) => (i === 4 ? { ...r, amountCny: (Number(r.amountCny) * 1.01).toFixed(2) } : { ...r, externalId: `NEW-${i}` }));
    const err = (await ingestTransactions(t.db, changed).catch((e: unknown) => e)) as IngestValidationError;
    expect(err.errors).toEqual([{ row: 4, externalId: "K-4", field: "amountCny", reason: expect.stringContaining("only status") }]);
    expect(await snapshot()).toEqual(before);
  });

  it("moves a pending payment to success, then to refunded, and ignores a late stale copy", async () => {
    const pending = walletRow({ externalId: "P-1", status: "PENDING", resultCode: undefined, latencyMs: undefined });
    await ingestTransactions(t.db, [pending]);
    const success = { ...pending, status: "SUCCESS" as const, resultCode: "SUCCESS", latencyMs: 1200, updatedAt: "2023-09-30T10:00:02+08:00" };
    expect(await ingestTransactions(t.db, [success])).toMatchObject({ updated: 1 });
    expect(await ingestTransactions(t.db, [pending])).toMatchObject({ unchanged: 1, updated: 0 });
    const refund = { ...success, status: "REFUNDED" as const, resultCode: "REFUND_SUCCESS", updatedAt: "2023-10-01T09:00:00+08:00" };
    expect(await ingestTransactions(t.db, [refund])).toMatchObject({ updated: 1 });
    const row = await t.db.transaction.findUniqueOrThrow({ where: { externalId: "P-1" } });
    expect(row).toMatchObject({ status: "REFUNDED", resultCode: "REFUND_SUCCESS", latencyMs: 1200 });
    expect(row.updatedAt.toISOString()).toBe("2023-10-01T01:00:00.000Z");
    const revive = { ...refund, status: "SUCCESS" as const, resultCode: "SUCCESS", updatedAt: "2023-10-02T09:00:00+08:00" };
    const err = (await ingestTransactions(t.db, [revive]).catch((e: unknown) => e)) as IngestValidationError;
    expect(err.errors[0]).toMatchObject({ field: "status", reason: "cannot move from REFUNDED to SUCCESS" });
  });

  it("prices a payment against the reference mid rate of its minute", async () => {
    await ingestFxRates(t.db, [
      { currency: "KRW", minute: "2023-09-30T10:00:00+08:00", midRate: "0.005421574622" },
      { currency: "KRW", minute: "2023-09-30T10:01:00+08:00", midRate: "0.005500000000" },
    ]);
    await ingestTransactions(t.db, [
      walletRow({ externalId: "FX-1", createdAt: "2023-09-30T10:00:59.999+08:00" }),
      walletRow({ externalId: "FX-2", createdAt: "2023-09-30T11:00:00+08:00" }),
    ]);
    const rows = await t.db.$queryRawUnsafe<{ external_id: string; fx: string; mid: string | null; bps: string | null }[]>(
      `SELECT external_id, fx_rate::text AS fx, mid_rate::text AS mid, spread_bps::text AS bps FROM transactions ORDER BY 1`,
    );
    // 100.00 CNY for 18,500 KRW: 0.005405405405 CNY per KRW
    const applied = 100 / 18500;
    expect(rows[0]).toEqual({
      external_id: "FX-1",
      fx: "0.005405405405",
      mid: "0.005421574622",
      bps: ((0.005421574622 / 0.005405405405 - 1) * 10000).toFixed(4),
    });
    expect(Math.abs(Number(rows[0]!.fx) - applied)).toBeLessThan(1e-12);
    expect(rows[1]).toMatchObject({ external_id: "FX-2", mid: null, bps: null });
  });

  it("lets two concurrent copies of the same batch store it exactly once", async () => {
    const rows = batch(500, "C");
    const results = await Promise.all([ingestTransactions(t.db, rows), ingestTransactions(t.db, rows)]);
    expect(results.map((r) => r.inserted).sort()).toEqual([0, 500]);
    expect((await snapshot()).n).toBe(500);
  });

  it("refuses more than 5,000 rows in one batch", async () => {
    await expect(ingestTransactions(t.db, batch(5_001))).rejects.toThrow(/at most 5000 rows/);
    expect((await snapshot()).n).toBe(0);
  });

  it("rejects merchants in unknown districts without writing any of the batch", async () => {
    const err = (await upsertMerchants(t.db, [
      { ...TEST_MERCHANTS[0]!, id: "M-NEW-1" },
      { ...TEST_MERCHANTS[0]!, id: "M-NEW-2", districtCode: "jianggan" },
    ]).catch((e: unknown) => e)) as IngestValidationError;
    expect(err.errors).toEqual([{ row: 1, field: "districtCode", reason: "unknown or pre-2021 district jianggan" }]);
    expect(await t.db.merchant.count({ where: { id: { startsWith: "M-NEW" } } })).toBe(0);
  });

  it("rejects a merchant id twice in one batch, saying where", async () => {
    const err = (await upsertMerchants(t.db, [
      { ...TEST_MERCHANTS[0]!, id: "M-DUP" },
      { ...TEST_MERCHANTS[1]!, id: "M-OTHER" },
      { ...TEST_MERCHANTS[2]!, id: "M-DUP" },
    ]).catch((e: unknown) => e)) as IngestValidationError;
    expect(err.errors).toEqual([{ row: 2, field: "id", reason: "duplicated in this batch (first at row 0)" }]);
    expect(await t.db.merchant.count({ where: { id: { in: ["M-DUP", "M-OTHER"] } } })).toBe(0);
  });

  it("keeps onboarding counts and dense ordinals as merchants arrive, move and are re-sent", async () => {
    const onboard = async (sql: string) =>
      (await t.db.$queryRawUnsafe<{ d: string; c: string; day: string; n: number }[]>(
        `SELECT district_code AS d, category AS c, to_char(day, 'YYYY-MM-DD') AS day, merchants AS n FROM (${sql}) x ORDER BY 1, 2, 3`,
      ));
    const stored = () => onboard("SELECT * FROM merchant_onboard_days");
    const fresh = Array.from({ length: 40 }, (_, i) => ({
      ...TEST_MERCHANTS[i % 3]!,
      id: `M-ONB-${i}`,
      onboardedOn: `2023-0${7 + (i % 3)}-1${i % 5}`,
    }));
    await upsertMerchants(t.db, fresh);
    expect(await stored()).toEqual(await onboard(MERCHANT_ONBOARD_DAYS_SQL));
    // moved district, category and day; the same rows again; one unchanged
    const moved = fresh.slice(0, 10).map((m, i) => ({
      ...m,
      districtCode: i % 2 ? "binjiang" : m.districtCode,
      category: i % 3 ? ("HOTEL" as const) : m.category,
      onboardedOn: i % 4 ? "2023-09-20" : m.onboardedOn,
    }));
    await Promise.all([upsertMerchants(t.db, moved), upsertMerchants(t.db, fresh.slice(20, 30))]);
    await upsertMerchants(t.db, moved);
    const after = await stored();
    expect(after).toEqual(await onboard(MERCHANT_ONBOARD_DAYS_SQL));
    const all = after.find((r) => r.d === "*" && r.c === "*" && r.day === "2023-09-20");
    expect(all?.n).toBe(moved.filter((_, i) => i % 4).length);
    // keys a merchant left are removed, not kept at zero
    expect(after.every((r) => r.n > 0)).toBe(true);
    // each merchant has its own bit, and re-sent merchants took none: ordinals stay dense
    const [ord] = await t.db.$queryRawUnsafe<{ n: bigint; distinct: bigint; top: number }[]>(
      `SELECT count(*) AS n, count(DISTINCT ordinal) AS distinct, max(ordinal) + 1 AS top FROM merchants`);
    expect([Number(ord!.distinct), ord!.top]).toEqual([Number(ord!.n), Number(ord!.n)]);
  });
});
