import { foldChanges } from "@/lib/store/fold";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { freePort } from "@/lib/db/throwaway";
import { migrate } from "@/lib/db/migrate";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { seedReferenceData } from "@/lib/reference/seed";
import { folderBeside } from "../helpers/folder-beside";
import { assertDerivedEqualsRebuild, storedTally } from "../helpers/derived";
import { faultBatch, faultIds } from "../helpers/fault-batches";
import { TEST_MERCHANTS } from "../helpers/fixtures";

// The process that owns the embedded database is SIGKILLed while a client is
// writing through it, three times, and started again on the same directory
// (taking over the dead owner's lock, PGlite recovering from its WAL). The
// client retries what was not answered. Afterwards the payments are exactly
// what the client saw accepted and every derived table equals its rebuild.

const BATCHES = 24;
const SIZE = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startOwner(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/own-embedded.ts", dataDir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => b.toString().includes("READY") && resolve(child));
    child.once("exit", (code) => reject(new Error(`owner exited early with ${code}`)));
  });
}

describe("the embedded database's owner killed mid-write", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-owner-kill-"));
  const dataDir = path.join(root, "pglite");
  let owner: ChildProcess | undefined;
  let db: Db | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    owner?.kill("SIGKILL");
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("reopens with every batch the client saw accepted, once, and derived tables equal to their rebuild", async () => {
    const port = await freePort();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    owner = await startOwner(dataDir, port);
    await migrate(url);
    db = createDb(url, 2);
    await seedReferenceData(db);
    await upsertMerchants(db, TEST_MERCHANTS);
    let accepted = 0;
    let failures = 0;
    let kills = 0;
    let writing = true;
    const client = (async () => {
      for (let i = 0; i < BATCHES; i++) {
        for (;;) {
          try {
            await ingestTransactions(db!, faultBatch(i, SIZE));
            accepted++;
            break;
          } catch {
            failures++;
            await sleep(100);
          }
        }
      }
      writing = false;
    })();
    // the folder runs beside the writer, as the app's does: killed mid-fold too, it must lose or double nothing
    const folder = folderBeside(db!, () => writing);
    // each kill a quarter of the way further, whatever the speed of the machine
    while (writing && kills < 3) {
      await sleep(20);
      if (accepted < ((kills + 1) * BATCHES) / 4) continue;
      owner.kill("SIGKILL");
      await new Promise((r) => owner!.once("exit", r));
      kills++;
      owner = await startOwner(dataDir, port);
    }
    await client;
    const { folded, cutShort } = await folder;
    const stored = await storedTally(db, faultIds(BATCHES, SIZE));
    await foldChanges(db);
    await assertDerivedEqualsRebuild(db);
    console.log(`faults, embedded owner killed: ${kills} SIGKILLs during ${BATCHES} batches of ${SIZE}: ${failures} failed attempts retried, ${folded} changes folded beside them (${cutShort} fold passes cut short); stored ${stored.rows} payments = ${accepted * SIZE} accepted, ${stored.rows - stored.distinct} duplicates; derived tables equal their rebuild`);
    expect(kills).toBe(3);
    expect(accepted).toBe(BATCHES);
    expect(stored).toEqual({ rows: BATCHES * SIZE, distinct: BATCHES * SIZE, expectedFound: BATCHES * SIZE });
  });
});
