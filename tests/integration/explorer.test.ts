import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFxSpreads } from "@/lib/metrics/fx-spreads";
import { SPREAD_BOUNDS_BPS } from "@/lib/store/histograms";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { getTransaction, listTransactions, transactionsQuerySchema } from "@/lib/transactions/explorer";
import { scopedFilter } from "../helpers/filter";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

describe.skipIf(skip)("transactions explorer and the FX distribution", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await runSimulation(t.db, planSimulation({ seed: 5, transactions: 6_000, days: ["2023-09-30", "2023-10-01"] }));
  });
  afterAll(async () => t?.close());

  it("keyset pages walk every matching payment exactly once, newest first", async () => {
    const f = scopedFilter({ from: "2023-09-30", to: "2023-10-01", wallets: "KAKAOPAY,TNG" });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listTransactions(t.db, f, transactionsQuerySchema.parse({ limit: "17", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.rows.map((r) => r.externalId));
      for (const r of page.rows) expect(["KAKAOPAY", "TNG"]).toContain(r.wallet);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const raw = await t.db.$queryRawUnsafe<{ external_id: string }[]>(
      `SELECT external_id FROM transactions WHERE wallet_code IN ('KAKAOPAY', 'TNG')
         AND created_at >= '2023-09-30T00:00:00+08:00' AND created_at < '2023-10-02T00:00:00+08:00'
       ORDER BY created_at DESC, external_id DESC`,
    );
    expect(raw.length).toBeGreaterThan(50);
    expect(seen).toEqual(raw.map((r) => r.external_id));
    expect(pages).toBe(Math.ceil(raw.length / 17));
  });

  it("filters by status and id prefix, and refuses a forged cursor", async () => {
    const f = scopedFilter({ from: "2023-09-30", to: "2023-10-01" });
    const failed = await listTransactions(t.db, f, transactionsQuerySchema.parse({ status: "FAILED", limit: "200" }));
    const [count] = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM transactions WHERE status = 'FAILED'`);
    const n = count!.n;
    expect(failed.rows.length).toBe(Math.min(200, Number(n)));
    expect(failed.rows.every((r) => r.status === "FAILED")).toBe(true);
    const prefix = failed.rows[0]!.externalId.slice(0, -1);
    const byId = await listTransactions(t.db, f, transactionsQuerySchema.parse({ q: prefix }));
    expect(byId.rows.length).toBeGreaterThan(0);
    expect(byId.rows.every((r) => r.externalId.startsWith(prefix))).toBe(true);
    expect(transactionsQuerySchema.safeParse({ cursor: "nonsense" }).success).toBe(false);
    expect(transactionsQuerySchema.safeParse({ q: "50%" }).success).toBe(false);
  });

  it("returns one payment's detail, and nothing outside the viewer's districts", async () => {
    const [row] = await t.db.$queryRawUnsafe<{ external_id: string; district_code: string; fx_rate: string }[]>(
      `SELECT external_id, district_code, fx_rate::text FROM transactions ORDER BY external_id LIMIT 1`,
    );
    const detail = await getTransaction(t.db, row!.external_id, { districts: [] });
    expect(detail).toMatchObject({ externalId: row!.external_id, district: row!.district_code, fxRate: row!.fx_rate });
    const other = row!.district_code === "xihu" ? "binjiang" : "xihu";
    expect(await getTransaction(t.db, row!.external_id, { districts: [other] })).toBeNull();
    expect(await getTransaction(t.db, "NO-SUCH-ID", { districts: [] })).toBeNull();
  });

  it("the FX distribution counts every payment (not every attempt) with a spread in its bin", async () => {
    const fx = await getFxSpreads(t.db, scopedFilter({ from: "2023-09-30", to: "2023-10-01" }));
    const raw = await t.db.$queryRawUnsafe<{ bin: number; n: bigint }[]>(
      `SELECT width_bucket(spread_bps::float8, $1::float8[]) AS bin, count(*) AS n FROM transactions
       WHERE spread_bps IS NOT NULL AND status IN ('SUCCESS', 'REFUNDED') GROUP BY 1`,
      SPREAD_BOUNDS_BPS,
    );
    const expected = new Array(SPREAD_BOUNDS_BPS.length + 1).fill(0);
    for (const r of raw) expected[r.bin] = Number(r.n);
    expect(fx.distribution.map((b) => b.count)).toEqual(expected);
    expect(fx.distribution[0]).toMatchObject({ fromBps: null, toBps: SPREAD_BOUNDS_BPS[0] });
    expect(fx.distribution.at(-1)).toMatchObject({ fromBps: SPREAD_BOUNDS_BPS.at(-1), toBps: null });
  });
});
