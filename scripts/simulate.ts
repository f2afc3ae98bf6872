import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DEMO_SIZE, DEFAULT_SEED, prepareDatabase, runSimulationWithProgress } from "../lib/cli/prepare";
import { openDatabase } from "../lib/db/open";
import { demoKeyFile, LIVE_FLAGS, liveArgs } from "../lib/cli/live-args";
import { getEnv } from "../lib/env";
import { runLiveFeed } from "../lib/simulate/live";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(DEFAULT_SEED) },
    size: { type: "string", default: String(DEFAULT_DEMO_SIZE) },
    help: { type: "boolean", default: false },
    ...LIVE_FLAGS,
  },
});
if (values.help) {
  console.log(`npm run simulate -- [--seed N] [--size TRANSACTIONS]
  Writes a simulated Games through the ingestion core (idempotent: a rerun with the same seed changes nothing).
npm run simulate -- --live [--speed 60] [--day 2023-09-30] [--incident outage:KAKAOPAY@120+600 --incident timeouts@900+300 | --no-incidents]
                   [--duration SECONDS] [--url http://127.0.0.1:3000] [--key API_KEY] [--seed N --size N as the running demo]
  Replays a simulated day through the HTTP ingestion API as if it were happening now, with injected incidents.`);
  process.exit(0);
}
const seed = Number(values.seed);
const size = Number(values.size.replaceAll("_", ""));
if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new Error(`--seed must be a whole number from 0 to 2^31-1, got ${values.seed}`);
if (!Number.isInteger(size) || size < 1 || size > 50_000_000) throw new Error(`--size must be a whole number from 1 to 50,000,000, got ${values.size}`);

if (values.live) {
  // HTTP only: the running dashboard owns the database
  const env = getEnv();
  const args = liveArgs(values);
  const url = values.url ?? `http://127.0.0.1:${env.PORT}`;
  const key = values.key ?? demoKeyFile(env.DATABASE_URL ? ".data" : path.dirname(env.PGLITE_DIR));
  if (!key) throw new Error("No API key: pass --key, or start the demo first (it keeps its key in .data/).");
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  console.log(`live feed to ${url} at ${args.speed}x, replaying ${args.day}; Ctrl+C stops it`);
  const stats = await runLiveFeed({ url, apiKey: key, seed, size, ...args, log: (l) => console.log(l), signal: stop.signal });
  console.log(`live feed stopped: ${stats.sent} rows sent, ${stats.updates} status updates, ${stats.rejected} refused`);
  process.exit(0);
}

const database = await openDatabase();
try {
  await prepareDatabase(database, { simulate: false, seed, size });
  await runSimulationWithProgress(database, seed, size);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
