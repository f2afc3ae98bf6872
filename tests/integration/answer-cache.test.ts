import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as adoptionRoute } from "@/app/api/metrics/adoption/route";
import { GET as districtsRoute } from "@/app/api/metrics/districts/route";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { cacheStats } from "@/lib/store/answer-cache";
import { sharedFreshness } from "@/lib/store/freshness";
import { foldChanges } from "@/lib/store/fold";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// A metric answer is kept under the data version (fold_state.version): the same
// question is answered from memory until a fold, a rebuild or a merchant change.
describe.skipIf(skip)("metric answers kept by data version", () => {
  let t: TestDatabase;
  let official: string;
  let ops: string;
  let xihu: string;
  const QUERY = "from=2023-09-30&to=2023-09-30";
  const ask = async (route: typeof adoptionRoute, cookie: string) => {
    const before = { ...cacheStats };
    const res = await route(new Request(`http://test/api/metrics/x?${QUERY}`, { headers: { cookie } }));
    expect(res.status).toBe(200);
    return { body: await res.json(), hit: cacheStats.hits > before.hits };
  };
  const pay = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => walletRow({ externalId: `${prefix}-${i}`, payerId: `${prefix}-payer-${i}`, createdAt: `2023-09-30T1${i % 8}:00:00+08:00` }));

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    await ingestTransactions(t.db, pay(30, "A"));
    await foldChanges(t.db);
    useAppDatabase(t.url);
    official = (await sessionCookieFor(t.db, "OFFICIAL")).cookie;
    ops = (await sessionCookieFor(t.db, "OPS")).cookie;
    xihu = (await sessionCookieFor(t.db, "OFFICIAL", ["xihu"])).cookie;
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("answers the same question again from memory, and anew once a fold changed the data", async () => {
    const first = await ask(adoptionRoute, official);
    expect(first.hit).toBe(false);
    expect(first.body.data.payments).toBe(30);
    const again = await ask(adoptionRoute, official);
    expect(again.hit).toBe(true);
    expect(again.body.data).toEqual(first.body.data);

    // written but not folded: the figures (and the answer) stay, and say they are behind
    await ingestTransactions(t.db, pay(5, "B"));
    const waiting = await ask(adoptionRoute, official);
    expect(waiting.hit).toBe(true);
    expect(waiting.body.backlog).toBe(5);
    await foldChanges(t.db);
    const folded = await ask(adoptionRoute, official);
    expect(folded.hit).toBe(false);
    expect(folded.body.data.payments).toBe(35);
    expect(folded.body.backlog).toBe(0);
  });

  it("keeps apart what viewers may see: roles and district scopes never share an answer", async () => {
    const asOps = await ask(districtsRoute, ops);
    const asOfficial = await ask(districtsRoute, official);
    const asXihu = await ask(districtsRoute, xihu);
    expect([asOps.hit, asOfficial.hit, asXihu.hit]).toEqual([false, false, false]);
    expect(asXihu.body.data.byDistrict.map((d: { district: string }) => d.district)).toEqual(["xihu"]);
    expect(asOps.body.data.byDistrict.length).toBeGreaterThan(1);
    expect((await ask(districtsRoute, xihu)).hit).toBe(true);
  });

  it("answers anew after a merchant changes (coverage and merchant filters read merchants)", async () => {
    expect((await ask(adoptionRoute, ops)).hit).toBe(false);
    expect((await ask(adoptionRoute, ops)).hit).toBe(true);
    await upsertMerchants(t.db, [{ ...TEST_MERCHANTS[0]!, name: "West Lake Tea House" }]);
    expect((await ask(adoptionRoute, ops)).hit).toBe(false);
  });

  it("shares one freshness reading among askers who come while it is under way, and reads anew after", async () => {
    await ingestTransactions(t.db, pay(3, "D"));
    const [a, b] = await Promise.all([sharedFreshness(t.db), sharedFreshness(t.db)]);
    expect(a).toBe(b);
    expect(a.backlog).toBe(3);
    await foldChanges(t.db);
    const later = await sharedFreshness(t.db);
    expect(later).not.toBe(a);
    expect(later.backlog).toBe(0);
  });
});
