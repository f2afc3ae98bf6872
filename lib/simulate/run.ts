import "server-only";
import type { Db } from "../db/client";
import { analyzeSchema } from "../db/schema-tables";
import { ingestFxRates } from "../ingest/fx-rates";
import { upsertMerchants } from "../ingest/merchants";
import { MAX_BATCH_ROWS } from "../ingest/schema";
import { rebuildRollups } from "../store/rollup-rebuild";
import { ingestTransactions } from "../ingest/transactions";
import { foldChanges } from "../store/fold";
import { simulationBatches, type SimBatch, type SimulationPlan } from "./generate";

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
  /** writing payments and status updates (ingestTransactions), FX rates apart */
  ingestMs: number;
  fxMs: number;
  generateMs: number;
  /** folding the change log into the derived tables (every 20,000 changes and at the end) */
  foldMs: number;
  /** changes folded */
  folded: number;
  /** bulk loads: rebuilding every derived table from the raw rows */
  rebuildMs?: number;
}

// the folder is fastest on large passes; the app's own folder would pick these up too, but a
// simulation also runs where no app is (scripts, tests), and must end complete
const FOLD_EVERY = 20_000;

/**
 * Writes a simulated Games through the same ingestion core the HTTP API uses.
 * With `writers` > 1, consecutive payment batches of one day (new payments, or
 * that day's later status updates) are written by that many concurrent
 * clients, as several senders would; a day's rates come before its payments and
 * its new payments before their updates.
 */
export async function runSimulation(
  db: Db,
  plan: SimulationPlan,
  onProgress?: (p: SimulationProgress) => void,
  opts: { writers?: number; bulk?: boolean } = {},
): Promise<SimulationStats> {
  const writers = Math.max(1, opts.writers ?? 1);
  if (opts.bulk) {
    // payments only, then every derived table from the raw rows: a table a batch skipped must never look complete
    const [row] = await db.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM transactions) AS any`);
    if (row?.any) throw new Error("A bulk load needs a database without payments.");
  }
  const stats: SimulationStats = { merchants: 0, fxRates: 0, transactions: 0, updates: 0, ingestMs: 0, fxMs: 0, generateMs: 0, foldMs: 0, folded: 0 };
  let unfolded = 0;
  const fold = async (atLeast: number) => {
    if (opts.bulk || unfolded < atLeast) return;
    const t0 = performance.now();
    stats.folded += (await foldChanges(db)).folded;
    unfolded = 0;
    stats.foldMs += performance.now() - t0;
  };
  const run = await db.simulationRun.create({ data: { seed: plan.seed, transactions: plan.total } });
  for (let i = 0; i < plan.merchants.length; i += MAX_BATCH_ROWS) {
    const rows = plan.merchants.slice(i, i + MAX_BATCH_ROWS).map(({ weight: _w, hotspot: _h, onboardedMs: _o, ...m }) => m);
    await upsertMerchants(db, rows);
    stats.merchants += rows.length;
  }
  let wave: Extract<SimBatch, { kind: "transactions" }>[] = [];
  const flush = async () => {
    if (!wave.length) return;
    const queue = wave;
    wave = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(writers, queue.length) }, async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          const result = await ingestTransactions(db, b.rows, { derived: !opts.bulk });
          stats.transactions += result.inserted;
          stats.updates += result.updated;
          unfolded += result.inserted + result.updated;
          onProgress?.({ day: b.day, transactionsDone: stats.transactions, total: plan.total });
        }
      }),
    );
    stats.ingestMs += performance.now() - t0;
    await fold(FOLD_EVERY);
  };
  const batches = simulationBatches(plan);
  for (;;) {
    const g0 = performance.now();
    const next = batches.next();
    stats.generateMs += performance.now() - g0;
    if (next.done) break;
    const batch = next.value;
    if (batch.kind === "fx") {
      await flush();
      const t0 = performance.now();
      await ingestFxRates(db, batch.rows);
      stats.fxRates += batch.rows.length;
      stats.fxMs += performance.now() - t0;
      continue;
    }
    const head = wave[0];
    if (head && (head.day !== batch.day || (head.newTransactions > 0) !== (batch.newTransactions > 0))) await flush();
    wave.push(batch);
    if (writers === 1) await flush();
  }
  await flush();
  // rates that arrived after their payments logged spread changes too
  await fold(0);
  if (opts.bulk) {
    const r0 = performance.now();
    await rebuildRollups(db);
    stats.rebuildMs = performance.now() - r0;
  }
  await db.simulationRun.update({ where: { id: run.id }, data: { finishedAt: new Date() } });
  // a bulk load outruns autovacuum's statistics; stale ones send the planner down slow paths
  // (measured: the top-merchants query took 18 s on a 1M load whose merchant_days was never analysed, 76 ms after)
  await analyzeSchema((sql) => db.$queryRawUnsafe(sql));
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
