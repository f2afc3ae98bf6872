import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ThrowawayDatabase } from "../db/throwaway";
import { freePort } from "../db/throwaway";
import { demoApiKey } from "./demo-key";
import { buildIsStale, nextBuild, nextStart, waitForHttp } from "./next-build";

/** The production app (`next start`) serving one throw-away database, as `npm run demo` runs it. */
export interface BenchApp {
  url: string;
  /** an ingestion key for /api/v1/transactions and /api/v1/fx-rates */
  apiKey: string;
  stop(): Promise<void>;
}

/**
 * Starts the built app (building it first when stale) on a free port against a throw-away
 * database: PostgreSQL through DATABASE_URL, the embedded owner (this process) through its port,
 * as the demo's app reaches it. Its own background jobs run as in production, the folder among them;
 * scheduled reports and alert rules are off, since they are not what a benchmark measures.
 */
export async function startBenchApp(database: ThrowawayDatabase): Promise<BenchApp> {
  if (buildIsStale()) {
    console.log("Building the app (next build)…");
    nextBuild();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-bench-app-"));
  const apiKey = await demoApiKey(database.db, dir);
  const port = await freePort();
  const secret = () => crypto.randomBytes(32).toString("hex");
  const where: Record<string, string> =
    database.backend === "pglite"
      ? // no owner lock file in this directory, so the app takes the owner's port
        { DATABASE_URL: "", PGLITE_DIR: path.join(dir, "no-owner-here"), PGLITE_PORT: new URL(database.url).port }
      : { DATABASE_URL: database.url };
  const app = nextStart(port, {
    ...where,
    NEXTAUTH_SECRET: secret(),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    PAYER_ID_SECRET: secret(),
    SCHEDULER: "off",
  });
  const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`, 60_000);
  return {
    url,
    apiKey,
    async stop() {
      app.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      // a child ended by a signal has no exit code, only its signal
      if (app.exitCode === null && app.signalCode === null) app.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
