import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { TEST_MERCHANTS } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, testBackend, useAppDatabase, type TestDatabase } from "../helpers/test-db";
import { formatTally, fuzzKeys, runFuzz } from "../fuzz/run-fuzz";

const skip = await skipReason();

// A few thousand generated requests per backend in `npm test`;
// `npm run fuzz` sends 100,000 (FUZZ_RUNS) and prints the same tally.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20230923);

describe.skipIf(skip)("fuzzed ingestion and reference-rate requests through the route handlers", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    // the per-key rate limit would turn most of the run into 429s
    process.env.INGEST_MAX_PER_MINUTE = "1000000";
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    useAppDatabase(t.url);
  });
  afterAll(async () => {
    await releaseAppDatabase();
    delete process.env.INGEST_MAX_PER_MINUTE;
    resetEnvCache();
    await t?.close();
  });

  it(`answers ${RUNS} generated requests below 500, all-or-nothing, and keeps every derived table equal to its rebuild`, async () => {
    const started = performance.now();
    const tally = await runFuzz(t.db, await fuzzKeys(t.db), { runs: RUNS, seed: SEED });
    console.log(formatTally(tally, testBackend(), (performance.now() - started) / 1000));
    expect(tally.requests).toBeGreaterThanOrEqual(RUNS * 0.9);
    // the run is only worth something if it reached both sides of the checks
    expect(tally.inserted).toBeGreaterThan(RUNS / 20);
    expect(tally.updated).toBeGreaterThan(0);
    expect(tally.byStatus["422"]).toBeGreaterThan(RUNS / 10);
    expect(tally.ratesInserted + tally.ratesCorrected).toBeGreaterThan(0);
  }, Math.max(120_000, RUNS * 200));
});
