import path from "node:path";
import { parseArgs } from "node:util";
import { demoApiKey } from "../lib/cli/demo-key";
import { demoAuthSecret, demoUsers } from "../lib/cli/demo-users";
import { buildIsStale, nextBuild, nextStart, waitForHttp } from "../lib/cli/next-build";
import { DEFAULT_DEMO_SIZE, DEFAULT_SEED, prepareDatabase } from "../lib/cli/prepare";
import { openDatabase } from "../lib/db/open";
import { getEnv } from "../lib/env";
import { LIVE_FLAGS, liveArgs } from "../lib/cli/live-args";
import { demoAlertRules } from "../lib/cli/demo-rules";
import { runLiveFeed } from "../lib/simulate/live";

// One process owns the embedded database for as long as the dashboard runs;
// `next start` and its workers reach it over the Postgres protocol.

const { values } = parseArgs({
  options: {
    simulate: { type: "boolean", default: true },
    "no-simulate": { type: "boolean", default: false },
    size: { type: "string", default: String(DEFAULT_DEMO_SIZE) },
    seed: { type: "string", default: String(DEFAULT_SEED) },
    "skip-build": { type: "boolean", default: false },
    ...LIVE_FLAGS,
  },
});
const live = values.live ? liveArgs(values) : null;

const env = getEnv();
// the app (a production server) refuses to start without it: say so before minutes of simulation, not after
if (env.DATABASE_URL && !env.PAYER_ID_SECRET) {
  console.error("With DATABASE_URL set, set PAYER_ID_SECRET too (16+ characters, e.g. `export PAYER_ID_SECRET=$(openssl rand -hex 32)`): payer ids are stored only as HMAC-SHA256 with it, and the app will not start without it.");
  process.exit(1);
}
console.log(`Hangzhou Pay Monitor: ${env.DATABASE_URL ? "PostgreSQL from DATABASE_URL" : `embedded database in ${env.PGLITE_DIR}`}`);
const database = await openDatabase();
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  // a stop must not hang on a client or the app: whatever is left after 4 s is cut off
  setTimeout(() => process.exit(code), 4_000).unref();
  app?.kill("SIGTERM");
  await database.close().catch(() => undefined);
  process.exit(code);
};
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

let app: ReturnType<typeof nextStart> | undefined;
try {
  await prepareDatabase(database, {
    simulate: values.simulate && !values["no-simulate"],
    seed: Number(values.seed),
    size: Number(values.size.replaceAll("_", "")),
  });
  const dir = env.DATABASE_URL ? ".data" : path.dirname(env.PGLITE_DIR);
  const key = await demoApiKey(database.db, dir);
  const users = await demoUsers(database.db, dir);
  const rules = await demoAlertRules(database.db);
  if (rules) console.log(`- ${rules} demo alert rules created (see /alerts)`);
  const secret = env.NEXTAUTH_SECRET ?? demoAuthSecret(dir);
  if (!values["skip-build"] && buildIsStale()) {
    console.log("- building the dashboard (next build)…");
    nextBuild();
  }
  const url = `http://127.0.0.1:${env.PORT}`;
  app = nextStart(env.PORT, {
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://127.0.0.1:${env.PORT}`,
    ...(database.owner ? { PGLITE_PORT: String(database.owner.port) } : {}),
  });
  app.on("exit", (code) => {
    if (!stopping) {
      console.error(`The dashboard process stopped (exit code ${code}).`);
      void shutdown(code ?? 1);
    }
  });
  await waitForHttp(`${url}/api/health`, 60_000);
  console.log(`
  Dashboard:   ${url}
  Sign in as (demo users; passwords kept in ${path.join(dir, "demo-users.json")}):
${users.map((u) => `    ${u.role.toLowerCase().padEnd(9)} ${u.email.padEnd(18)} ${u.password}${u.districts.length ? `   (districts: ${u.districts.join(", ")})` : ""}`).join("\n")}
  Ingest API:  POST ${url}/api/v1/transactions  (header X-API-Key: ${key})
  Stop with Ctrl+C.
`);
  if (live) {
    console.log(`- live feed: replaying ${live.day} at ${live.speed}x through the ingestion API; watch ${url}/operations?range=last-hour`);
    void runLiveFeed({ url, apiKey: key, seed: Number(values.seed), size: Number(values.size.replaceAll("_", "")), ...live, log: (l) => console.log(l) })
      .catch((err) => console.error(`live feed stopped: ${(err as Error).message}`));
  }
} catch (err) {
  console.error(`Demo failed: ${(err as Error).message}`);
  await shutdown(1);
}
