import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postRates } from "@/app/api/v1/fx-rates/route";
import { POST as postTransactions } from "@/app/api/v1/transactions/route";
import { POST as createUserRoute } from "@/app/api/admin/users/route";
import { GET as adoptionRoute } from "@/app/api/metrics/adoption/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { assertDerivedEqualsRebuild } from "../helpers/derived";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// Input found to break the ingestion and admin APIs (a 500, a stored absurd
// rate, a key writing what it should not), sent through the real route
// handlers. Each case failed before its fix; each must now be a clear 4xx
// naming the row and field, with nothing already stored lost or changed.

const MINUTE = "2023-09-30T10:00:00+08:00";

describe.skipIf(skip)("bad input at the APIs", () => {
  let t: TestDatabase;
  let anyKey: string;
  const send = (route: (r: Request) => Promise<Response>, path: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
    route(new Request(`http://test${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "x-api-key": key, "content-type": "application/json", ...headers } }));
  const payments = (key: string, rows: unknown[]) => send(postTransactions, "/api/v1/transactions", key, rows);
  const rates = (key: string, rows: unknown[]) => send(postRates, "/api/v1/fx-rates", key, rows);
  const stored = () => t.db.$queryRawUnsafe<unknown[]>(`SELECT external_id, amount::text, amount_cny::text, mid_rate::text, spread_bps::text FROM transactions ORDER BY 1`);
  const storedRates = () => t.db.$queryRawUnsafe<unknown[]>(`SELECT currency_code, minute, mid_rate::text FROM fx_reference_rates ORDER BY 1, 2`);
  const derivedEqualsRebuild = async () => {
    await foldChanges(t.db);
    await assertDerivedEqualsRebuild(t.db);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    useAppDatabase(t.url);
    anyKey = (await createApiKey(t.db, { name: "all", permissions: ["transactions", "fx-rates"] })).key;
    expect((await rates(anyKey, [
      { currency: "KRW", minute: MINUTE, midRate: "0.005421574622" },
      { currency: "MYR", minute: MINUTE, midRate: "1.551685128890" },
    ])).status).toBe(200);
    expect((await payments(anyKey, [walletRow({ externalId: "KEEP-1" })])).status).toBe(200);
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it.each([
    ["an amount whose applied rate rounds to 0 (was a division by zero)", { amount: "99999999999999", amountCny: "0.01" }, "amount", /largest accepted KRW payment/],
    ["an amount whose spread overflowed numeric(12,4)", { amount: "1000000000", amountCny: "0.01" }, "amount", /largest accepted KRW payment/],
    ["an applied rate outside the currency's plausible range", { amount: "100000000", amountCny: "0.01" }, "amountCny", /applied rate of 1e-10 CNY per KRW, outside the plausible 0.0033-0.0087/],
    ["an applied rate too far from the minute's reference rate", { amount: "18500", amountCny: "130.00" }, "amountCny", /bp from that minute's reference rate.*at most 1000 bp/],
  ])("refuses %s with 422 naming the field", async (_name, change, field, reason) => {
    const before = await stored();
    const res = await payments(anyKey, [walletRow({ externalId: "OK-1", createdAt: MINUTE }), walletRow({ externalId: "BAD-1", createdAt: MINUTE, ...change })]);
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([{ row: 1, externalId: "BAD-1", field, reason: expect.stringMatching(reason) }]);
    expect(await stored()).toEqual(before);
  });

  it("refuses an absurd rate at a minute with no reference rate too (was stored with an applied rate of 0)", async () => {
    const res = await payments(anyKey, [walletRow({ externalId: "BAD-2", createdAt: "2023-09-30T12:34:00+08:00", amount: "99999999999999", amountCny: "0.01" })]);
    expect(res.status).toBe(422);
    const tng = await payments(anyKey, [walletRow({ externalId: "BAD-3", wallet: "TNG", currency: "MYR", amount: "0.01", amountCny: "500000", createdAt: MINUTE })]);
    expect(tng.status).toBe(422);
    expect((await tng.json()).errors).toEqual([
      { row: 0, externalId: "BAD-3", field: "amountCny", reason: expect.stringContaining("applied rate of 50000000 CNY per MYR, outside the plausible 0.93-2.5") },
    ]);
    expect(await t.db.transaction.count({ where: { externalId: { startsWith: "BAD-" } } })).toBe(0);
  });

  it.each(["+100000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z"])("refuses the extended-year date %s with 422 (the rate lookup reads such rows before validation; year -1 was a 500)", async (createdAt) => {
    const res = await payments(anyKey, [walletRow({ externalId: "FAR-1", createdAt })]);
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([{ row: 0, externalId: "FAR-1", field: "createdAt", reason: expect.stringContaining("ISO 8601") }]);
  });

  it.each([
    ["a NUL byte", "merchantId", "M-TEST-1\u0000", /NUL character/],
    ["an unpaired surrogate", "payerId", "visitor-\ud800", /unpaired UTF-16 surrogate/],
  ])("refuses %s in any field of a payment with 422 (was a 500 from PostgreSQL)", async (_name, field, value, reason) => {
    const res = await payments(anyKey, [walletRow({ externalId: "TXT-1" }), { ...walletRow({ externalId: "TXT-2" }), [field]: value }]);
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([{ row: 1, externalId: "TXT-2", field, reason: expect.stringMatching(reason) }]);
    const rate = await rates(anyKey, [{ currency: "KRW", minute: "2023-09-30T10:05:00+08:00", midRate: "0.0054", reason: "typo\u0000" }]);
    expect(rate.status).toBe(422);
    expect(await t.db.transaction.count({ where: { externalId: { startsWith: "TXT-" } } })).toBe(0);
  });

  it("refuses unstorable text in admin bodies and query strings, and a JSON API body sent as text/plain", async () => {
    const admin = await sessionCookieFor(t.db, "ADMIN");
    const headers = { cookie: admin.cookie, host: "test" };
    const user = (body: string, type = "application/json") =>
      createUserRoute(new Request("http://test/api/admin/users", { method: "POST", body, headers: { ...headers, "content-type": type } }));
    const nul = await user(JSON.stringify({ email: "nul@example.org", name: "N\u0000", role: "OFFICIAL", password: "a long enough passphrase" }));
    expect(nul.status).toBe(422);
    expect((await nul.json()).message).toMatch(/name: contains a NUL character/);
    const plain = await user(JSON.stringify({ email: "plain@example.org", name: "P", role: "OFFICIAL", password: "a long enough passphrase" }), "text/plain");
    expect(plain.status).toBe(415);
    expect(await t.db.user.count({ where: { email: { in: ["nul@example.org", "plain@example.org"] } } })).toBe(0);
    const metric = await adoptionRoute(new Request("http://test/api/metrics/adoption?range=games&districts=xihu%00", { headers }));
    expect(metric.status).toBe(422);
    expect((await metric.json()).message).toMatch(/districts: contains a NUL character/);
    const asText = await send(postTransactions, "/api/v1/transactions", anyKey, [walletRow({ externalId: "TXT-3" })], { "content-type": "text/plain" });
    expect(asText.status).toBe(415);
  });

  it("lets only keys with the reference-rates permission write rates, and only their wallets' currencies", async () => {
    const kakao = (await createApiKey(t.db, { name: "kakao", wallets: ["KAKAOPAY"] })).key;
    const before = await storedRates();
    const denied = await rates(kakao, [{ currency: "MYR", minute: MINUTE, midRate: "9.999", correction: true, reason: "attack" }]);
    expect(denied.status).toBe(403);
    const kakaoRates = (await createApiKey(t.db, { name: "kakao rates", wallets: ["KAKAOPAY"], permissions: ["fx-rates"] })).key;
    const other = await rates(kakaoRates, [{ currency: "MYR", minute: "2023-09-30T10:02:00+08:00", midRate: "1.55" }]);
    expect(other.status).toBe(422);
    expect((await other.json()).errors).toEqual([{ row: 0, field: "currency", reason: expect.stringContaining("may only write rates for KRW") }]);
    expect((await rates(kakaoRates, [{ currency: "KRW", minute: "2023-09-30T10:02:00+08:00", midRate: "0.00543" }])).status).toBe(200);
    // a rates-only key sends no payments
    expect((await payments(kakaoRates, [walletRow({ externalId: "RATES-ONLY" })])).status).toBe(403);
    const absurd = await rates(anyKey, [{ currency: "MYR", minute: "2023-09-30T10:03:00+08:00", midRate: "9.999" }]);
    expect(absurd.status).toBe(422);
    expect((await absurd.json()).errors[0]).toMatchObject({ field: "midRate", reason: expect.stringContaining("outside the plausible 0.93-2.5") });
    expect((await storedRates()).length).toBe(before.length + 1);
  });

  it("never silently replaces a stored rate: 409, unless sent as a correction, which is audited and reprices the minute's payments", async () => {
    await payments(anyKey, [walletRow({ externalId: "MYR-1", wallet: "TNG", currency: "MYR", amount: "64.00", amountCny: "100.00", createdAt: "2023-09-30T10:00:30+08:00" })]);
    const spreadOf = async () => (await t.db.transaction.findUniqueOrThrow({ where: { externalId: "MYR-1" } })).spreadBps?.toFixed(4);
    expect(await spreadOf()).toBe(((1.55168512889 / 1.5625 - 1) * 10000).toFixed(4));
    await derivedEqualsRebuild();
    const same = await rates(anyKey, [{ currency: "MYR", minute: MINUTE, midRate: "1.551685128890" }]);
    expect(await same.json()).toMatchObject({ unchanged: 1, inserted: 0, corrected: 0 });
    const changed = await rates(anyKey, [{ currency: "MYR", minute: MINUTE, midRate: "9.999" }]);
    expect(changed.status).toBe(422);
    const different = await rates(anyKey, [{ currency: "MYR", minute: "2023-09-30T10:00:00+08:00", midRate: "1.6" }]);
    expect(different.status).toBe(409);
    expect(await different.json()).toMatchObject({ error: "rate_conflict", errors: [{ row: 0, field: "midRate", reason: expect.stringContaining("already has the reference rate 1.551685128890") }] });
    expect(await spreadOf()).toBe(((1.55168512889 / 1.5625 - 1) * 10000).toFixed(4));
    const corrected = await rates(anyKey, [{ currency: "MYR", minute: MINUTE, midRate: "1.6", correction: true, reason: "feed sent a stale quote" }]);
    expect(corrected.status).toBe(200);
    expect(await corrected.json()).toMatchObject({ corrected: 1, repriced: 1 });
    expect(await spreadOf()).toBe(((1.6 / 1.5625 - 1) * 10000).toFixed(4));
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "fx_rate_corrected" } });
    expect(entry).toMatchObject({ actorEmail: "api key all", target: "MYR 2023-09-30T02:00:00.000Z" });
    expect(entry.detail).toMatchObject({ before: "1.551685128890", after: "1.6", reason: "feed sent a stale quote", repriced: 1 });
    await derivedEqualsRebuild();
  });

  it("reprices payments stored before their minute's rate arrived", async () => {
    await payments(anyKey, [walletRow({ externalId: "LATE-1", createdAt: "2023-09-30T10:20:10+08:00" })]);
    expect((await t.db.transaction.findUniqueOrThrow({ where: { externalId: "LATE-1" } })).spreadBps).toBeNull();
    const res = await rates(anyKey, [{ currency: "KRW", minute: "2023-09-30T10:20:00+08:00", midRate: "0.0055" }]);
    expect(await res.json()).toMatchObject({ inserted: 1, repriced: 1 });
    expect((await t.db.transaction.findUniqueOrThrow({ where: { externalId: "LATE-1" } })).spreadBps?.toFixed(4)).toBe(((0.0055 / (100 / 18500) - 1) * 10000).toFixed(4));
    await derivedEqualsRebuild();
  });
});
