import { parseArgs } from "node:util";
import { DEFAULT_DEMO_SIZE, DEFAULT_SEED, prepareDatabase, runSimulationWithProgress } from "../lib/cli/prepare";
import { openDatabase } from "../lib/db/open";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(DEFAULT_SEED) },
    size: { type: "string", default: String(DEFAULT_DEMO_SIZE) },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log("npm run simulate -- [--seed N] [--size TRANSACTIONS]\nWrites a simulated Games through the ingestion core (idempotent: a rerun with the same seed changes nothing).");
  process.exit(0);
}
const seed = Number(values.seed);
const size = Number(values.size.replaceAll("_", ""));
if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new Error(`--seed must be a whole number from 0 to 2^31-1, got ${values.seed}`);
if (!Number.isInteger(size) || size < 1 || size > 50_000_000) throw new Error(`--size must be a whole number from 1 to 50,000,000, got ${values.size}`);

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
