import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/transactions/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { seedReferenceData } from "@/lib/reference/seed";
import { folderBeside } from "../helpers/folder-beside";
import { assertDerivedEqualsRebuild, storedTally } from "../helpers/derived";
import { faultBatch, faultIds } from "../helpers/fault-batches";
import { TEST_MERCHANTS } from "../helpers/fixtures";
import { releaseAppDatabase, useAppDatabase } from "../helpers/test-db";
import { clusterUnavailable, startCluster, type Cluster } from "../helpers/throwaway-cluster";

// A PostgreSQL server of the test's own crashes (pg_ctl stop -m immediate) and
// restarts three times while a client sends batches to the ingestion API and
// retries whatever was not answered 200. Afterwards the payments are exactly
// what the client saw accepted, none twice, and every derived table equals its
// rebuild from the raw rows.

const unavailable = clusterUnavailable();
if (unavailable && process.env.REQUIRE_POSTGRES === "1") throw new Error(unavailable);
const BATCHES = 40;
const SIZE = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable)("PostgreSQL crashing under ingestion", () => {
  let cluster: Cluster;
  let db: Db;
  let key: string;
  beforeAll(async () => {
    cluster = await startCluster();
    await migrate(cluster.url);
    db = createDb(cluster.url, 4);
    await seedReferenceData(db);
    await upsertMerchants(db, TEST_MERCHANTS);
    key = (await createApiKey(db, "faults")).key;
    useAppDatabase(cluster.url);
    process.env.INGEST_MAX_PER_MINUTE = "1000000";
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await db?.$disconnect();
    cluster?.stop();
  });

  it("loses and doubles nothing when the server restarts with -m immediate three times mid-ingestion", async () => {
    const answers: Record<string, number> = {};
    let accepted = 0;
    let retries = 0;
    let sending = true;
    const client = (async () => {
      for (let i = 0; i < BATCHES; i++) {
        const body = JSON.stringify(faultBatch(i, SIZE));
        for (let attempt = 1; ; attempt++) {
          const res = await POST(new Request("http://faults/api/v1/transactions", { method: "POST", body, headers: { "x-api-key": key, "content-type": "application/json" } }))
            .catch(() => null);
          const status = res?.status ?? 0;
          answers[status] = (answers[status] ?? 0) + 1;
          if (status === 200) {
            accepted++;
            break;
          }
          if (attempt > 200) throw new Error(`batch ${i} never went in: ${status} ${await res?.text()}`);
          retries++;
          await sleep(100);
        }
      }
      sending = false;
    })();
    // the folder runs beside the writer, as the app's does: killed mid-fold too, it must lose or double nothing
    const folder = folderBeside(db, () => sending);
    let crashes = 0;
    // each restart a quarter of the way further, whatever the speed of the machine
    while (sending && crashes < 3) {
      await sleep(20);
      if (accepted < ((crashes + 1) * BATCHES) / 4) continue;
      await cluster.crashRestart();
      crashes++;
    }
    await client;
    const { folded, cutShort } = await folder;
    const stored = await storedTally(db, faultIds(BATCHES, SIZE));
    await foldChanges(db);
    await assertDerivedEqualsRebuild(db);
    console.log(
      `faults, PostgreSQL: ${crashes} immediate restarts during ${BATCHES} batches of ${SIZE}: answers ${JSON.stringify(answers)}, ${retries} retries, ${folded} changes folded beside them (${cutShort} fold passes cut short); ` +
        `stored ${stored.rows} payments = ${accepted * SIZE} accepted, ${stored.rows - stored.distinct} duplicates; derived tables equal their rebuild`,
    );
    expect(crashes).toBe(3);
    expect(accepted).toBe(BATCHES);
    expect(stored).toEqual({ rows: BATCHES * SIZE, distinct: BATCHES * SIZE, expectedFound: BATCHES * SIZE });
    // a restart is a 503 the client may retry, never a 500
    expect(answers["500"]).toBeUndefined();
    expect(retries).toBeGreaterThan(0);
  });
});
