import { migrate } from "../lib/db/migrate";
import { openDatabase } from "../lib/db/open";
import { ensureRollupsBuilt } from "../lib/store/rollup-rebuild";
import { ensureBuiltInRules } from "../lib/alerts/built-in";
import { placeForCitus } from "../lib/store/placement";

const database = await openDatabase();
try {
  const result = await migrate(database.url);
  console.log(
    `Migrations on ${database.backend}: ${result.applied.length} applied` +
      (result.applied.length ? ` (${result.applied.join(", ")})` : "") +
      `, ${result.alreadyApplied.length} already applied.`,
  );
  // on a Citus coordinator only: distribute what the migrations just created (README "Scaling out with Citus")
  const placed = await placeForCitus(database.url);
  if (placed.length) console.log(`Citus: ${placed.length} tables distributed or made reference tables.`);
  if (await ensureRollupsBuilt(database.db)) console.log("Rollups built from the payments already stored.");
  if (await ensureBuiltInRules(database.db)) console.log("Built-in alert rule created (dashboard figures behind the payments).");
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
