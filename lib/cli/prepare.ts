import "server-only";
import { migrate } from "../db/migrate";
import { ensureBuiltInRules } from "../alerts/built-in";
import { ensureRollupsBuilt } from "../store/rollup-rebuild";
import { placeForCitus } from "../store/placement";
import type { OpenDatabase } from "../db/open";
import { seedReferenceData } from "../reference/seed";
import { planSimulation } from "../simulate/generate";
import { completedSimulation, runSimulation, type SimulationStats } from "../simulate/run";
import { simulationProgress } from "./progress";

export const DEFAULT_SEED = 2023;
export const DEFAULT_DEMO_SIZE = 500_000;

/** Migrate, load reference data, and load a simulated Games unless one is already complete. */
export async function prepareDatabase(
  database: OpenDatabase,
  opts: { simulate: boolean; seed: number; size: number },
): Promise<SimulationStats | null> {
  const m = await migrate(database.url);
  console.log(`- migrations: ${m.applied.length} applied, ${m.alreadyApplied.length} already in place`);
  const placed = await placeForCitus(database.url);
  if (placed.length) console.log(`- Citus: ${placed.length} tables distributed or made reference tables`);
  await seedReferenceData(database.db);
  console.log("- reference data loaded (wallets, districts, venues, calendar, result codes)");
  if (await ensureRollupsBuilt(database.db)) console.log("- rollups built from the payments already stored");
  if (await ensureBuiltInRules(database.db)) console.log("- built-in alert rule created: dashboard figures behind the payments");
  if (!opts.simulate) return null;
  const done = await completedSimulation(database.db);
  if (done) {
    console.log(`- simulated Games already loaded (seed ${done.seed}, ${done.transactions} payments)`);
    return null;
  }
  return runSimulationWithProgress(database, opts.seed, opts.size);
}

export async function runSimulationWithProgress(database: OpenDatabase, seed: number, size: number): Promise<SimulationStats> {
  const plan = planSimulation({ seed, transactions: size });
  console.log(`- simulating the Games: ${size} payments, ${plan.merchants.length} merchants, seed ${seed}`);
  const progress = simulationProgress(plan.total);
  const t0 = performance.now();
  try {
    const stats = await runSimulation(database.db, plan, (p) => progress.update(p));
    progress.stop();
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `- loaded ${stats.transactions} payments + ${stats.updates} status updates + ${stats.fxRates} FX rates in ${secs.toFixed(1)} s ` +
        `(${Math.round(stats.transactions / secs)} payments/s overall; generation ${(stats.generateMs / 1000).toFixed(1)} s, payments ${(stats.ingestMs / 1000).toFixed(1)} s, folding them into the dashboards' tables ${(stats.foldMs / 1000).toFixed(1)} s, FX rates ${(stats.fxMs / 1000).toFixed(1)} s)`,
    );
    return stats;
  } catch (err) {
    progress.stop();
    throw err;
  }
}
