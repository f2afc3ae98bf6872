import { foldChanges } from "@/lib/store/fold";
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createThrowawayDatabase, type Backend, type ThrowawayDatabase } from "@/lib/db/throwaway";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { assertDerivedEqualsRebuild, storedTally } from "../helpers/derived";
import { faultIds } from "../helpers/fault-batches";
import { TEST_MERCHANTS } from "../helpers/fixtures";
import { POSTGRES_URL, postgresUnavailable } from "../helpers/test-db";

// The app process is SIGKILLed in the middle of a batch, three times, and
// started again from the first batch it had not seen committed, as a client
// retrying would. On PostgreSQL and on the embedded database (whose owner is
// this test process; the killed app is one of its socket clients).

const BATCHES = 24;
const SIZE = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the worker from `from` until it finishes or is killed after `killAfterMs`; the batches it reported committed. */
function runWorker(url: string, from: number, killAfterMs: number | null): Promise<{ accepted: number[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/ingest-worker.ts", url, String(from), String(BATCHES), String(SIZE)], { stdio: ["ignore", "pipe", "inherit"] });
    const accepted: number[] = [];
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      for (let nl = out.indexOf("\n"); nl >= 0; nl = out.indexOf("\n")) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith("ACCEPTED ")) accepted.push(Number(line.slice(9)));
        // kill only once it is writing: the first batch it commits means the next one is under way
        if (killAfterMs !== null && accepted.length === 1 && line.startsWith("ACCEPTED ")) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (signal !== "SIGKILL" && code !== 0) reject(new Error(`worker exited with ${code}`));
      else resolve({ accepted, killed: signal === "SIGKILL" });
    });
  });
}

const pgSkip = await postgresUnavailable();

describe.each([["postgres" as Backend], ["pglite" as Backend]])("the app process killed mid-batch or mid-fold on %s", (backend) => {
  let t: ThrowawayDatabase;
  afterAll(async () => t?.close());

  it.skipIf(backend === "postgres" && pgSkip)("stores exactly the batches the client saw committed, once, with derived tables equal to their rebuild", async () => {
    t = await createThrowawayDatabase(backend, POSTGRES_URL);
    await upsertMerchants(t.db, TEST_MERCHANTS);
    const seen = new Set<number>();
    let kills = 0;
    let runs = 0;
    while (seen.size < BATCHES) {
      const next = Math.max(-1, ...seen) + 1;
      runs++;
      // a batch of 500 takes a few hundred ms: kill somewhere inside the second batch of the run
      const { accepted, killed } = await runWorker(t.url, next, kills < 3 ? 50 + kills * 90 : null);
      accepted.forEach((i) => seen.add(i));
      if (killed) kills++;
      // after a kill, what was committed but not reported is sent again, as a retrying client would
      await sleep(50);
    }
    const stored = await storedTally(t.db, faultIds(BATCHES, SIZE));
    await foldChanges(t.db);
    await assertDerivedEqualsRebuild(t.db);
    console.log(`faults, app killed (${backend}): ${kills} SIGKILLs over ${runs} runs of ${BATCHES} batches of ${SIZE}: stored ${stored.rows} payments = ${seen.size * SIZE} accepted, ${stored.rows - stored.distinct} duplicates; derived tables equal their rebuild`);
    expect(kills).toBe(3);
    expect(stored).toEqual({ rows: BATCHES * SIZE, distinct: BATCHES * SIZE, expectedFound: BATCHES * SIZE });
  });
});
