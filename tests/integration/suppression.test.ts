import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as adoptionRoute } from "@/app/api/metrics/adoption/route";
import { GET as districtsRoute } from "@/app/api/metrics/districts/route";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// Kakao Pay: 30 visitors paying once each. HiPay: 3 visitors paying 8 times
// each (24 payments: more payments than the threshold, but only 3 people).
describe.skipIf(skip)("small-cell suppression", () => {
  let t: TestDatabase;
  let official: string;
  let ops: string;
  const get = async (route: typeof adoptionRoute, path: string, cookie: string) =>
    (await route(new Request(`http://test${path}`, { headers: { cookie } }))).json();

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    const rows = [
      ...Array.from({ length: 30 }, (_, i) =>
        walletRow({ externalId: `K-${i}`, payerId: `kakao-visitor-${i}`, createdAt: `2023-09-30T${String(10 + (i % 8)).padStart(2, "0")}:00:00+08:00` }),
      ),
      ...Array.from({ length: 24 }, (_, i) =>
        walletRow({
          externalId: `H-${i}`,
          wallet: "HIPAY",
          currency: "MNT",
          amount: "48000.00",
          amountCny: "100.00",
          payerId: `hipay-visitor-${i % 3}`,
          merchantId: "M-TEST-2",
          createdAt: `2023-09-30T${String(10 + (i % 8)).padStart(2, "0")}:30:00+08:00`,
        }),
      ),
    ];
    await ingestTransactions(t.db, rows);
    await foldChanges(t.db);
    useAppDatabase(t.url);
    official = (await sessionCookieFor(t.db, "OFFICIAL")).cookie;
    ops = (await sessionCookieFor(t.db, "OPS")).cookie;
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("hides figures of fewer than 10 payers from officials, not from operations", async () => {
    const q = "/api/metrics/adoption?from=2023-09-30&to=2023-09-30";
    const forOfficial = (await get(adoptionRoute, q, official)).data;
    const forOps = (await get(adoptionRoute, q, ops)).data;
    const wallet = (d: { byWallet: { key: string }[] }, w: string) => d.byWallet.find((x) => x.key === w);
    expect(wallet(forOps, "HIPAY")).toEqual({ key: "HIPAY", payments: 24, volumeCny: "2400.00" });
    expect(wallet(forOfficial, "HIPAY")).toEqual({ key: "HIPAY", payments: null, volumeCny: null, suppressed: "< 10" });
    expect(wallet(forOfficial, "KAKAOPAY")).toEqual({ key: "KAKAOPAY", payments: 30, volumeCny: "3000.00" });
    // the daily series hides HiPay's day as well
    expect(forOfficial.daily.find((d: { key: string }) => d.key === "HIPAY").suppressed).toBe("< 10");
    // the channel's own day has enough payers to show
    expect(forOfficial.dailyByChannel).toEqual([{ day: "2023-09-30", key: "WALLET", payments: 54, volumeCny: "5400.00" }]);
    expect(forOfficial.payments).toBe(54);
  });

  it("hides heatmap cells and districts resting on few payers", async () => {
    const q = "/api/metrics/districts?from=2023-09-30&to=2023-09-30";
    const forOfficial = (await get(districtsRoute, q, official)).data;
    const forOps = (await get(districtsRoute, q, ops)).data;
    const shangcheng = (d: { byDistrict: { district: string }[] }) => d.byDistrict.find((x) => x.district === "shangcheng");
    expect(shangcheng(forOps)).toMatchObject({ payments: 24, payers: 3 });
    expect(shangcheng(forOfficial)).toMatchObject({ payments: null, volumeCny: null, payers: null, suppressed: "< 10" });
    expect(forOfficial.byDistrict.find((x: { district: string }) => x.district === "xihu")).toMatchObject({ payments: 30, payers: 30 });
    // each hour of xihu has 3-4 visitors: every cell is hidden from officials, shown to ops
    const xihuCells = forOfficial.heatmap.filter((c: { district: string }) => c.district === "xihu");
    expect(xihuCells.length).toBe(8);
    expect(xihuCells.every((c: { payments: number | null; suppressed?: string }) => c.payments === null && c.suppressed === "< 10")).toBe(true);
    expect(forOps.heatmap.filter((c: { district: string }) => c.district === "xihu").every((c: { payments: number }) => c.payments > 0)).toBe(true);
    // empty districts stay zero: nobody can be singled out of nothing
    expect(forOfficial.byDistrict.find((x: { district: string }) => x.district === "jiande")).toMatchObject({ payments: 0 });
  });
});
