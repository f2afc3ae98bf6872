import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COPY_REFUSAL } from "@/lib/db/socket-queue";
import { startEmbeddedDatabase } from "@/lib/db/embedded-server";
import { freePort, testBackend } from "../helpers/test-db";
import { cstr, errorMessages, frame, rawSession } from "../helpers/wire";

// One misbehaving client of the embedded database (COPY, a connection dropped
// mid-query, random bytes) may lose its own connection, never the database:
// the owner keeps serving everyone else and still stops cleanly on SIGTERM.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testBackend() !== "pglite")("the embedded database with a misbehaving client", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-misbehave-"));
  const dataDir = path.join(root, "pglite");
  let owner: ChildProcess;
  let url: string;
  let port: number;
  // a well-behaved client querying all along, as the app's pool does
  let bystander: { answered: () => number; stop: () => Promise<{ ok: number; failures: string[] }> };
  /** The bystander's queries go on being answered after a misbehaviour. */
  const stillServing = async () => {
    const from = bystander.answered();
    for (const end = Date.now() + 10_000; bystander.answered() < from + 3; await sleep(20)) {
      if (Date.now() > end) throw new Error("the well-behaved client got no answers for 10 s");
    }
  };

  beforeAll(async () => {
    port = await freePort();
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    owner = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/own-embedded.ts", dataDir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on("data", (b: Buffer) => b.toString().includes("READY") && resolve());
      owner.once("exit", (code) => reject(new Error(`owner exited early with ${code}`)));
    });
    const pool = new pg.Pool({ connectionString: url, max: 3, query_timeout: 15_000 });
    pool.on("error", () => undefined);
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const loop = (async () => {
      for (let i = 0; running; i++) {
        try {
          const { rows } = await pool.query<{ n: number; v: string }>("SELECT count(*)::int AS n, $1::text AS v FROM canary", [`q${i}`]);
          if (rows[0]!.n >= 1 && rows[0]!.v === `q${i}`) ok++;
          else failures.push(`wrong answer ${JSON.stringify(rows)}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
        await sleep(5);
      }
    })();
    bystander = {
      answered: () => ok,
      async stop() {
        running = false;
        await loop;
        await pool.end();
        return { ok, failures };
      },
    };
  });
  afterAll(async () => {
    if (owner.exitCode === null) owner.kill("SIGKILL");
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses psql's \\copy with a clear error", async () => {
    const psql = spawnSync("psql", ["--version"]);
    if (psql.error) return console.warn("psql is not installed: the raw-protocol COPY cases below cover the same path");
    const csv = path.join(root, "m.csv");
    fs.writeFileSync(csv, "v\nfrom a file\n");
    const run = spawnSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-c", `\\copy canary from '${csv}' csv header`], { encoding: "utf8", timeout: 20_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("COPY ... FROM STDIN is not supported by the embedded database");
    await stillServing();
  });

  it("refuses COPY FROM STDIN sent as a query with its data pipelined behind it, and keeps that client's session", async () => {
    const s = await rawSession(port);
    s.socket.write(Buffer.concat([frame("Q", cstr("/* load */ COPY canary FROM STDIN")), frame("d", Buffer.from("x\ny\n")), frame("c")]));
    await s.waitFor("Z");
    expect(errorMessages(s.received())).toEqual([COPY_REFUSAL]);
    s.socket.write(frame("Q", cstr("SELECT count(*) FROM canary")));
    await s.waitFor("D");
    expect(errorMessages(s.received())).toEqual([COPY_REFUSAL]);
    s.socket.destroy();
    await stillServing();
  });

  it("refuses COPY FROM STDIN through the extended protocol and rolls back nothing else", async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("BEGIN");
    await c.query("INSERT INTO canary VALUES ('in a transaction')");
    await expect(c.query({ text: "COPY canary FROM STDIN", values: [] })).rejects.toThrow(COPY_REFUSAL);
    // the failed statement aborts the transaction, as PostgreSQL's own errors do
    await expect(c.query("SELECT 1")).rejects.toThrow(/current transaction is aborted/);
    await c.query("ROLLBACK");
    expect((await c.query("SELECT count(*)::int AS n FROM canary WHERE v = 'in a transaction'")).rows[0].n).toBe(0);
    await c.end();
    await stillServing();
  });

  it("serves everyone else after a client drops after a failed Parse, mid-transaction or mid-query", async () => {
    const failedParse = await rawSession(port);
    failedParse.socket.write(frame("P", Buffer.concat([cstr(""), cstr("SELEC broken"), Buffer.from([0, 0])])));
    await failedParse.waitFor("E");
    failedParse.socket.destroy();

    const inTx = new pg.Client({ connectionString: url });
    inTx.on("error", () => undefined);
    await inTx.connect();
    await inTx.query("BEGIN");
    await inTx.query("INSERT INTO canary VALUES ('never committed')");
    (inTx as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();

    const midQuery = new pg.Client({ connectionString: url });
    midQuery.on("error", () => undefined);
    await midQuery.connect();
    void midQuery.query("SELECT count(*) FROM generate_series(1, 3000000)").catch(() => undefined);
    await sleep(50);
    (midQuery as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();

    await sleep(500);
    const c = new pg.Client({ connectionString: url, query_timeout: 10_000 });
    await c.connect();
    expect((await c.query("SELECT v FROM canary ORDER BY v")).rows).toEqual([{ v: "written by the owner" }]);
    await c.end();
    await stillServing();
  });

  it("closes a client that sends random bytes, before or after its startup", async () => {
    const before = net.connect(port, "127.0.0.1");
    before.on("error", () => undefined);
    await new Promise((r) => before.once("connect", r));
    before.write(crypto.randomBytes(4096));
    const after = await rawSession(port);
    after.socket.write(Buffer.concat([Buffer.from([0x7a, 0, 0, 0, 12]), crypto.randomBytes(8)]));
    await new Promise((r) => after.socket.once("close", r));
    expect(errorMessages(after.received())).toEqual(["invalid frontend message type 122"]);
    before.destroy();
    await stillServing();
  });

  it("never failed the client that behaved, and stops on SIGTERM within 5 s with the data intact", async () => {
    const { ok, failures } = await bystander.stop();
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(0);
    const started = Date.now();
    owner.kill("SIGTERM");
    await new Promise((r) => owner.once("exit", r));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(owner.exitCode).toBe(0);
    const reopened = await startEmbeddedDatabase({ dataDir, port: await freePort() });
    try {
      const c = new pg.Client({ connectionString: reopened.url });
      await c.connect();
      expect((await c.query("SELECT v FROM canary")).rows).toEqual([{ v: "written by the owner" }]);
      await c.end();
    } finally {
      await reopened.close();
    }
  });
});
