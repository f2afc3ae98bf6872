import type { Db } from "../db/client";
import { ingestFxRates } from "../ingest/fx-rates";
import { upsertMerchants } from "../ingest/merchants";
import { MAX_BATCH_ROWS } from "../ingest/schema";
import { ingestTransactions } from "../ingest/transactions";
import { simulationBatches, type SimulationPlan } from "./generate";

export interface SimulationProgress {
  day: string;
  transactionsDone: number;
  total: number;
}

export interface SimulationStats {
  merchants: number;
  fxRates: number;
  transactions: number;
  updates: number;
  ingestMs: number;
  generateMs: number;
}

/** Writes a simulated Games through the same ingestion core the HTTP API uses. */
export async function runSimulation(
  db: Db,
  plan: SimulationPlan,
  onProgress?: (p: SimulationProgress) => void,
): Promise<SimulationStats> {
  const stats: SimulationStats = { merchants: 0, fxRates: 0, transactions: 0, updates: 0, ingestMs: 0, generateMs: 0 };
  const run = await db.simulationRun.create({ data: { seed: plan.seed, transactions: plan.total } });
  for (let i = 0; i < plan.merchants.length; i += MAX_BATCH_ROWS) {
    const rows = plan.merchants.slice(i, i + MAX_BATCH_ROWS).map(({ weight: _w, hotspot: _h, onboardedMs: _o, ...m }) => m);
    await upsertMerchants(db, rows);
    stats.merchants += rows.length;
  }
  const batches = simulationBatches(plan);
  for (;;) {
    const g0 = performance.now();
    const next = batches.next();
    stats.generateMs += performance.now() - g0;
    if (next.done) break;
    const batch = next.value;
    const t0 = performance.now();
    if (batch.kind === "fx") {
      await ingestFxRates(db, batch.rows);
      stats.fxRates += batch.rows.length;
    } else {
      const result = await ingestTransactions(db, batch.rows);
      stats.transactions += result.inserted;
      stats.updates += result.updated;
      onProgress?.({ day: batch.day, transactionsDone: stats.transactions, total: plan.total });
    }
    stats.ingestMs += performance.now() - t0;
  }
  await db.simulationRun.update({ where: { id: run.id }, data: { finishedAt: new Date() } });
  // a bulk load outruns autovacuum's statistics; stale ones send the planner down slow paths
  await db.$executeRawUnsafe(`ANALYZE transactions`);
  return stats;
}

/** The last simulation that ran to the end, if any. */
export async function completedSimulation(db: Db): Promise<{ seed: number; transactions: number } | null> {
  return db.simulationRun.findFirst({
    where: { finishedAt: { not: null } },
    orderBy: { id: "desc" },
    select: { seed: true, transactions: true },
  });
}
