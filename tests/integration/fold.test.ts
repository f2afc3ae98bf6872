import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ROLLUP_TABLES } from "@/lib/store/rollup-keys";
import { DERIVED_SQL } from "@/lib/store/rollup-rebuild";
import type { TransactionInput } from "@/lib/ingest/schema";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { ensureBuiltInRules } from "@/lib/alerts/built-in";
import { evaluateRules } from "@/lib/alerts/evaluate";
import { FoldError, foldChanges } from "@/lib/store/fold";
import { readFreshness } from "@/lib/store/freshness";
import { assertDerivedEqualsRebuild } from "../helpers/derived";
import { TEST_MERCHANTS, amountFor, walletRow } from "../helpers/fixtures";
import { createTestDatabase, onServer, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

const DERIVED = [...ROLLUP_TABLES.map((t) => t.table), ...Object.keys(DERIVED_SQL)];
const T0 = Date.parse("2023-09-30T09:00:00+08:00");

function payment(id: string, i: number, status: TransactionInput["status"] = "PENDING"): TransactionInput {
  const cny = `${(i % 900) + 5}.${String(i % 100).padStart(2, "0")}`;
  return walletRow({
    externalId: id,
    amountCny: cny,
    amount: amountFor("KRW", cny, i % 250),
    merchantId: TEST_MERCHANTS[i % 3]!.id,
    payerId: `payer-${i % 97}`,
    status,
    resultCode: status === "SUCCESS" ? "SUCCESS" : status === "FAILED" ? "REQUEST_TIMEOUT" : "PAYMENT_IN_PROCESS",
    createdAt: new Date(T0 + i * 3_000).toISOString(),
    updatedAt: new Date(T0 + i * 3_000).toISOString(),
  });
}

const settle = (r: TransactionInput, i: number): TransactionInput => {
  const status = i % 4 === 0 ? "FAILED" : "SUCCESS";
  return { ...r, status, resultCode: status === "SUCCESS" ? "SUCCESS" : "REQUEST_TIMEOUT", updatedAt: new Date(Date.parse(r.createdAt) + 1_500).toISOString() };
};

describe.skipIf(skip)("the folder", () => {
  let t: TestDatabase;
  const rows = async (table: string) => Number((await t.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
  });
  afterAll(async () => t?.close());

  it("gets only the payments and one change each from a batch; the derived tables follow when it folds, and the answer says how far behind they were", async () => {
    const batch = Array.from({ length: 40 }, (_, i) => payment(`W-${i}`, i, i % 2 ? "SUCCESS" : "PENDING"));
    await ingestTransactions(t.db, batch);
    await ingestTransactions(t.db, batch.map(settle));
    // the second batch moved the 20 pending ones; the successful ones are unchanged
    expect(await t.db.changeLog.count()).toBe(60);
    for (const table of DERIVED) expect(await rows(table), table).toBe(0);
    await new Promise((r) => setTimeout(r, 1_100));
    const behind = await readFreshness(t.db);
    expect(behind.backlog).toBe(60);
    expect(behind.behindSeconds).toBeGreaterThanOrEqual(1);

    const folded = await foldChanges(t.db, { batch: 25 });
    expect(folded).toEqual({ folded: 60, passes: 3, busy: false });
    expect(await t.db.changeLog.count()).toBe(0);
    await assertDerivedEqualsRebuild(t.db);
    const fresh = await readFreshness(t.db);
    expect(fresh).toMatchObject({ backlog: 0, behindSeconds: 0, lastError: null });
    expect(Date.now() - Date.parse(fresh.asOf)).toBeLessThan(5_000);
    // a repeated batch changes nothing and logs nothing
    await ingestTransactions(t.db, batch.map(settle));
    expect(await t.db.changeLog.count()).toBe(0);
  });

  it("measures a backlog beyond 10,000 changes by its ids rather than counting them, and folds it", async () => {
    const n = 10_250;
    for (let i = 0; i < n; i += 1_000) {
      await ingestTransactions(t.db, Array.from({ length: Math.min(1_000, n - i) }, (_, j) => payment(`B-${i + j}`, i + j, "SUCCESS")));
    }
    expect(await t.db.changeLog.count()).toBe(n);
    // no batch was rolled back, so the ids have no gaps and the span is the count
    expect((await readFreshness(t.db)).backlog).toBe(n);
    expect((await foldChanges(t.db)).folded).toBe(n);
    expect((await readFreshness(t.db)).backlog).toBe(0);
  });

  it("misses and doubles nothing while four writers commit out of id order beside a folder that runs all the time", async () => {
    let folding = true;
    let passes = 0;
    const folder = (async () => {
      while (folding) {
        passes += (await foldChanges(t.db, { batch: 37 })).passes;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // each writer sends its own payments, then moves them: later batches commit while earlier ids wait
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let b = 0; b < 12; b++) {
          const fresh = Array.from({ length: 30 }, (_, i) => payment(`C-${w}-${b}-${i}`, w * 1000 + b * 30 + i));
          await ingestTransactions(t.db, fresh);
          if (b % 2) await ingestTransactions(t.db, fresh.map(settle));
        }
      }),
    );
    folding = false;
    await folder;
    await foldChanges(t.db);
    expect(await t.db.changeLog.count()).toBe(0);
    expect(passes).toBeGreaterThan(5);
    await assertDerivedEqualsRebuild(t.db);
    console.log(`folder beside 4 writers (${process.env.TEST_BACKEND}): ${passes} passes, ${await rows("transactions")} payments, derived tables equal their rebuild`);
  });

  // On PGlite transactions take turns (one session), so a change cannot commit behind a later one there.
  it.skipIf(!onServer())("folds a change whose lower id commits after the folder has passed higher ones", async () => {
    await ingestTransactions(t.db, [payment("SLOW-1", 11)]);
    await foldChanges(t.db);
    // a writer takes its change id, then is slow to commit
    const slow = new pg.Client({ connectionString: t.url });
    await slow.connect();
    try {
      await slow.query("BEGIN");
      await slow.query(`UPDATE transactions SET status = 'SUCCESS', result_code = 'SUCCESS', updated_at = now() WHERE external_id = 'SLOW-1'`);
      const { id } = (await slow.query(
        `INSERT INTO change_log (external_id, old_status, new_status, old_result_code, new_result_code, old_latency_ms, new_latency_ms, old_spread_bps, new_spread_bps)
         SELECT external_id, 'PENDING', 'SUCCESS', 'PAYMENT_IN_PROCESS', 'SUCCESS', latency_ms, latency_ms, spread_bps, spread_bps FROM transactions WHERE external_id = 'SLOW-1'
         RETURNING id`,
      )).rows[0] as { id: string };
      // meanwhile others commit higher ids and the folder passes them
      await ingestTransactions(t.db, Array.from({ length: 5 }, (_, i) => payment(`FAST-${i}`, 20 + i, "SUCCESS")));
      const [last] = await t.db.$queryRawUnsafe<{ max: bigint }[]>(`SELECT max(id) AS max FROM change_log`);
      expect(BigInt(last!.max)).toBeGreaterThan(BigInt(id));
      expect((await foldChanges(t.db)).folded).toBe(5);
      await slow.query("COMMIT");
    } finally {
      await slow.end();
    }
    expect((await foldChanges(t.db)).folded).toBe(1);
    await assertDerivedEqualsRebuild(t.db);
  });

  it("stops at a change it cannot apply, keeps it and says why, and goes on once it can", async () => {
    await ingestTransactions(t.db, [payment("GONE-1", 7, "SUCCESS"), payment("KEPT-1", 8, "SUCCESS")]);
    // what must never happen: the payment behind a waiting change is gone
    const [gone] = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(`DELETE FROM transactions WHERE external_id = 'GONE-1' RETURNING *`);
    await expect(foldChanges(t.db)).rejects.toThrow(FoldError);
    await expect(foldChanges(t.db)).rejects.toThrow(/change \d+ \(payment GONE-1\) cannot be folded: the payment is missing/);
    expect(await t.db.changeLog.count()).toBe(2);
    expect((await readFreshness(t.db)).lastError).toMatch(/GONE-1/);
    const cols = Object.keys(gone!);
    await t.db.$executeRawUnsafe(
      `INSERT INTO transactions (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM json_populate_record(NULL::transactions, $1::json)`,
      JSON.stringify(gone),
    );
    expect((await foldChanges(t.db)).folded).toBe(2);
    expect((await readFreshness(t.db)).lastError).toBeNull();
    await assertDerivedEqualsRebuild(t.db);
  });

  it("opens an incident from the built-in rule when the figures fall a minute behind, and resolves it once the folder catches up", async () => {
    expect(await ensureBuiltInRules(t.db)).toBe(1);
    expect(await ensureBuiltInRules(t.db)).toBe(0);
    const rule = await t.db.alertRule.findFirstOrThrow({ where: { kind: "fold_lag" } });
    await ingestTransactions(t.db, [payment("LAG-1", 31, "SUCCESS")]);
    // as if the folder had been down for five minutes
    await t.db.$executeRawUnsafe(`UPDATE change_log SET logged_at = now() - interval '5 minutes'`);
    const at = (s: number) => new Date(Date.now() + s * 1000);
    await evaluateRules(t.db, at(0));
    await evaluateRules(t.db, at(31));
    const open = await t.db.incident.findFirstOrThrow({ where: { ruleId: rule.id } });
    expect(open.status).toBe("OPEN");
    expect(open.peakValue).toBeGreaterThanOrEqual(300);
    await foldChanges(t.db);
    await evaluateRules(t.db, at(60));
    await evaluateRules(t.db, at(121));
    expect((await t.db.incident.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("RESOLVED");
  });
});
