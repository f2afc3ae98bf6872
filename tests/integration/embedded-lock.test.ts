import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseBusyError, lockPathFor } from "@/lib/db/embedded-lock";
import { startEmbeddedDatabase } from "@/lib/db/embedded-server";
import { openDatabase } from "@/lib/db/open";
import { resetEnvCache } from "@/lib/env";
import { freePort, testBackend } from "../helpers/test-db";

const embeddedOnly = testBackend() !== "pglite";

async function canary(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ v: string }>("SELECT v FROM canary");
  await c.end();
  return rows.map((r) => r.v);
}

describe.skipIf(embeddedOnly)("embedded database ownership", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-lock-"));
  const dataDir = path.join(root, "pglite");
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/own-embedded.ts", dataDir, String(port)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (b: Buffer) => b.toString().includes("READY") && resolve());
      child.once("exit", (code) => reject(new Error(`owner exited early with ${code}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses a second owner with a message naming the first, and the data stays intact", async () => {
    const err = await startEmbeddedDatabase({ dataDir, port: await freePort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedDatabaseBusyError);
    expect((err as Error).message).toContain(`already owned by process ${child.pid}`);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect(await canary(`postgres://postgres@127.0.0.1:${port}/postgres`)).toEqual(["written by the owner"]);
  });

  it("lets other processes connect through the owner instead of opening the directory", async () => {
    process.env.PGLITE_DIR = dataDir;
    delete process.env.DATABASE_URL;
    resetEnvCache();
    const database = await openDatabase();
    try {
      expect(database.owner).toBeUndefined();
      expect(database.url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
      const rows = await database.db.$queryRawUnsafe<{ v: string }[]>("SELECT v FROM canary");
      expect(rows).toEqual([{ v: "written by the owner" }]);
    } finally {
      await database.close();
      delete process.env.PGLITE_DIR;
      resetEnvCache();
    }
  });

  it("releases the directory on a clean stop and takes over a lock left by a dead process", async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
    // a crash leaves its lock behind; its process no longer exists
    fs.writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), port: 1, startedAt: "2023-01-01" }));
    const owner = await startEmbeddedDatabase({ dataDir, port: await freePort() });
    try {
      expect(JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")).pid).toBe(process.pid);
      expect(await canary(owner.url)).toEqual(["written by the owner"]);
    } finally {
      await owner.close();
    }
  });
});
