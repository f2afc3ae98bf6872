import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as HEALTH } from "@/app/api/health/route";
import { POST } from "@/app/api/v1/transactions/route";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// The real route handler, called as Next calls it, on a real database.
describe.skipIf(skip)("POST /api/v1/transactions", () => {
  let t: TestDatabase;
  let key: string;
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    POST(new Request("http://test/api/v1/transactions", { method: "POST", body, headers: { "x-api-key": key, "content-type": "application/json", ...headers } }));
  const count = () => t.db.transaction.count();

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    useAppDatabase(t.url);
    key = (await createApiKey(t.db, "test key")).key;
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("requires a valid, unrevoked API key", async () => {
    const body = JSON.stringify([walletRow()]);
    const anonymous = await POST(new Request("http://test/api/v1/transactions", { method: "POST", body }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthorized" });
    const wrong = await post(body, { "x-api-key": "hpm_not-a-real-key" });
    expect(wrong.status).toBe(401);
    const revoked = await createApiKey(t.db, "old");
    await revokeApiKey(t.db, revoked.id);
    expect((await post(body, { "x-api-key": revoked.key })).status).toBe(401);
    expect(await count()).toBe(0);
  });

  it("ingests a JSON array, then treats the replay as unchanged", async () => {
    const body = JSON.stringify([walletRow({ externalId: "API-1" }), walletRow({ externalId: "API-2" })]);
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, inserted: 2, updated: 0, unchanged: 0 });
    expect(await (await post(body)).json()).toEqual({ received: 2, inserted: 0, updated: 0, unchanged: 2 });
    const apiKey = await t.db.apiKey.findFirstOrThrow({ where: { name: "test key" } });
    expect(apiKey.lastUsedAt).not.toBeNull();
  });

  it("ingests NDJSON and names the line of a malformed one", async () => {
    const ok = [walletRow({ externalId: "ND-1" }), walletRow({ externalId: "ND-2" })].map((r) => JSON.stringify(r)).join("\n");
    const res = await post(`${ok}\n`, { "content-type": "application/x-ndjson" });
    expect(await res.json()).toMatchObject({ inserted: 2 });
    const bad = await post(`${JSON.stringify(walletRow({ externalId: "ND-3" }))}\n{"externalId": oops}\n`, { "content-type": "application/x-ndjson" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "malformed_ndjson", message: expect.stringMatching(/^Line 2 is not valid JSON/) });
    expect(await t.db.transaction.count({ where: { externalId: "ND-3" } })).toBe(0);
  });

  it.each([
    ["malformed JSON", "[{", 400, "malformed_json"],
    ["an object instead of an array", JSON.stringify(walletRow()), 400, "not_an_array"],
    ["an empty batch", "[]", 400, "empty_batch"],
  ])("answers %s with a clear 400", async (_name, body, status, code) => {
    const before = await count();
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: code });
    expect(await count()).toBe(before);
  });

  it("answers an unsupported content type with 415", async () => {
    const res = await post("externalId,amount\nX,1", { "content-type": "text/csv" });
    expect(res.status).toBe(415);
  });

  it("answers 422 with row, field and reason, and stores nothing from the batch", async () => {
    const before = await count();
    const rows = [walletRow({ externalId: "V-1" }), walletRow({ externalId: "V-2", wallet: "VENMO" }), walletRow({ externalId: "V-3", amountCny: "-3" })];
    const res = await post(JSON.stringify(rows));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toBe("validation_failed");
    expect(body.errors).toEqual([
      { row: 1, externalId: "V-2", field: "wallet", reason: expect.stringContaining("unknown wallet VENMO") },
      { row: 2, externalId: "V-3", field: "amountCny", reason: expect.stringContaining("positive decimal") },
    ]);
    expect(await count()).toBe(before);
  });

  it("answers 413 above 5,000 rows or 5 MB", async () => {
    const many = JSON.stringify(Array.from({ length: 5_001 }, (_, i) => walletRow({ externalId: `BIG-${i}` })));
    const rows = await post(many);
    expect(rows.status).toBe(413);
    expect((await rows.json()).message).toMatch(/at most 5000 rows; this one has 5001/);
    const huge = `[${JSON.stringify(walletRow({ payerId: "x".repeat(100) }))}${" ".repeat(5 * 1024 * 1024)}]`;
    const bytes = await post(huge);
    expect(bytes.status).toBe(413);
    expect((await bytes.json()).message).toMatch(/larger than 5 MB/);
    expect(await t.db.transaction.count({ where: { externalId: { startsWith: "BIG-" } } })).toBe(0);
  });
});

describe.skipIf(skip)("GET /api/health", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    useAppDatabase(t.url);
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("counts a payment right after it is stored (the planner's estimate said 0 on the embedded database)", async () => {
    const count = async () => (await (await HEALTH(new Request("http://test/api/health"))).json()).transactions;
    expect(await count()).toBe(0);
    const key = (await createApiKey(t.db, "health")).key;
    const rows = [walletRow({ externalId: "H-1" }), walletRow({ externalId: "H-2", status: "FAILED", resultCode: "REQUEST_TIMEOUT" })];
    await POST(new Request("http://test/api/v1/transactions", { method: "POST", body: JSON.stringify(rows), headers: { "x-api-key": key, "content-type": "application/json" } }));
    expect(await count()).toBe(await t.db.transaction.count());
    expect(await count()).toBe(2);
  });
});
