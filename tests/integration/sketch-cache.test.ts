import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hllEstimate } from "@/lib/store/hll";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { rebuildRollups } from "@/lib/store/rollup-rebuild";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { getPayers } from "@/lib/metrics/payers";
import { scopedFilter } from "../helpers/filter";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, skipReason, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();
const DAY = "2023-09-30";

// Readers keep decoded sketches between requests; a sketch that changed must be read again.
describe.skipIf(skip)("kept payer sketches", () => {
  let t: TestDatabase;
  const payments = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      walletRow({ externalId: `C-${from + i}`, payerId: `payer-${from + i}`, createdAt: `${DAY}T${String(10 + (i % 10)).padStart(2, "0")}:00:00+08:00` }),
    );
  // the estimate from the stored registers, read without the cache
  const fresh = async () => {
    const [row] = await t.db.$queryRawUnsafe<{ registers: Uint8Array }[]>(
      `SELECT registers FROM payer_sketches WHERE day = $1::date AND channel_code = 'WALLET' AND wallet_code = 'KAKAOPAY' AND district_code = '*'`,
      DAY,
    );
    return Math.round(hllEstimate(Uint8Array.from(row!.registers)));
  };
  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
  });
  afterAll(async () => t?.close());

  it("follow every change of the stored sketches", async () => {
    const filter = scopedFilter({ from: DAY, to: DAY });
    await ingestTransactions(t.db, payments(0, 200));
    await foldChanges(t.db);
    const first = (await getPayers(t.db, filter))!.payers;
    expect(first).toBe(await fresh());
    expect(Math.abs(first - 200)).toBeLessThanOrEqual(2);

    await ingestTransactions(t.db, payments(200, 300));
    await foldChanges(t.db);
    const second = (await getPayers(t.db, filter))!.payers;
    expect(second).toBe(await fresh());
    expect(Math.abs(second - 500)).toBeLessThanOrEqual(5);

    // a rebuild replaces every sketch row: same registers, new versions
    await rebuildRollups(t.db);
    expect((await getPayers(t.db, filter))!.payers).toBe(second);
    await t.db.$executeRawUnsafe(`TRUNCATE payer_sketches`);
    expect((await getPayers(t.db, filter))!.payers).toBe(0);
  });
});
