import { parseArgs } from "node:util";
import { migrate } from "../lib/db/migrate";
import { openDatabase } from "../lib/db/open";
import { rebuildRollups } from "../lib/store/rollup-rebuild";

// --workers N: transactions building tables side by side (PostgreSQL); --steps: each table's time
const { values } = parseArgs({ options: { workers: { type: "string" }, steps: { type: "boolean", default: false } } });

const database = await openDatabase();
try {
  await migrate(database.url);
  const t0 = performance.now();
  const counts = await rebuildRollups(database.db, {
    workers: values.workers === undefined ? undefined : Number(values.workers),
    onStep: values.steps ? (step, ms) => console.log(`  ${step} ${(ms / 1000).toFixed(1)} s`) : undefined,
  });
  const rows = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ");
  console.log(`Rollups rebuilt from raw transactions in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rows} rows.`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
