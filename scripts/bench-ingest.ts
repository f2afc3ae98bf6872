import { parseArgs } from "node:util";
import { machineDescription, writeBenchResult } from "../lib/cli/bench-db";
import { recordStatementTimes, type StatementTime } from "../lib/cli/statement-timer";
import { createThrowawayDatabase, type Backend, type ThrowawayDatabase } from "../lib/db/throwaway";
import { planSimulation, simulationBatches } from "../lib/simulate/generate";
import { runSimulation } from "../lib/simulate/run";

// Throughput of the simulator alone and of the ingestion core (validation,
// idempotent upsert, FX pricing) on both backends. Prints numbers; asserts nothing.

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "1000000" },
    seed: { type: "string", default: "2023" },
    backends: { type: "string", default: "pglite,postgres" },
    batch: { type: "string", default: "1000" },
    writers: { type: "string", default: "1" },
    postgres: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    // backend "citus": a throw-away schema on this coordinator (../shared/citus/cluster.sh start)
    citus: { type: "string", default: process.env.CITUS_URL ?? "postgres://postgres@127.0.0.1:9700/test" },
    // where the ingestion's time goes: every statement's time summed by verb and table
    breakdown: { type: "boolean", default: false },
    // the same payments without any derived table (a bulk load's write path, rebuild timed apart): the ceiling rollups start from
    ceiling: { type: "boolean", default: false },
  },
});
const size = Number(values.size.replaceAll("_", ""));
const seed = Number(values.seed);
const batchSize = Number(values.batch);
const writers = Number(values.writers);

interface Row {
  what: string;
  backend: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}
const results: Row[] = [];
const record = (what: string, backend: string, rows: number, ms: number) => {
  const r = { what, backend, rows, seconds: +(ms / 1000).toFixed(1), rowsPerSecond: Math.round(rows / (ms / 1000)) };
  results.push(r);
  console.log(`  ${what.padEnd(34)} ${backend.padEnd(9)} ${String(rows).padStart(9)} rows ${r.seconds.toFixed(1).padStart(7)} s ${String(r.rowsPerSecond).padStart(8)} rows/s`);
};

console.log(`Generating a ${size}-payment Games (seed ${seed}, ${batchSize}-row batches, ${writers} writer(s)) without a database…`);
{
  const t0 = performance.now();
  let n = 0;
  for (const b of simulationBatches(planSimulation({ seed, transactions: size, batchSize }))) if (b.kind === "transactions") n += b.newTransactions;
  record("simulator only (generate)", "-", n, performance.now() - t0);
}

const breakdowns: { backend: string; rows: number; ingestMs: number; statements: StatementTime[] }[] = [];

function printBreakdown(backend: string, rows: number, ingestMs: number, statements: StatementTime[]) {
  breakdowns.push({ backend, rows, ingestMs, statements });
  console.log(`\n  Where ${backend}'s ingestion time went (the write transactions' statements by verb and table, per payment or update):`);
  const line = (what: string, count: string, ms: number) =>
    console.log(`    ${what.padEnd(36)} ${count.padStart(7)} ${ms.toFixed(0).padStart(8)} ms ${((ms * 1000) / rows).toFixed(1).padStart(8)} µs/row ${((100 * ms) / ingestMs).toFixed(1).padStart(5)}%`);
  for (const t of statements) line(t.statement, `${t.count}x`, t.ms);
  // Prisma's reads (reference data, the batch's merchants) go through its adapter and are not timed above
  line("the rest (validation, deltas, lookups)", "", ingestMs - statements.reduce((a, t) => a + t.ms, 0));
}

async function onBackend(backend: string, target: ThrowawayDatabase) {
  const db = target.db;
  try {
    const plan = planSimulation({ seed, transactions: size, batchSize });
    const t0 = performance.now();
    let lastLog = 0;
    const timer = values.breakdown ? recordStatementTimes() : null;
    const stats = await runSimulation(db, plan, (p) => {
      if (p.transactionsDone - lastLog >= size / 10) {
        lastLog = p.transactionsDone;
        console.log(`    ${backend}: ${p.transactionsDone}/${p.total} (${p.day})`);
      }
    }, { writers });
    const statements = timer?.stop();
    const total = performance.now() - t0;
    record("simulate + ingest, end to end", backend, stats.transactions, total);
    record("ingestion core (payments+updates)", backend, stats.transactions + stats.updates, stats.ingestMs);
    if (statements) printBreakdown(backend, stats.transactions + stats.updates, stats.ingestMs, statements);
    // every derived table, from the change log, every 20,000 changes (lib/simulate/run.ts)
    record("folder (changes into derived tables)", backend, stats.folded, stats.foldMs);
    record("FX reference rates", backend, stats.fxRates, stats.fxMs);
    const t1 = performance.now();
    const replay = await runSimulation(db, plan, undefined, { writers });
    record("replay (all unchanged)", backend, size + stats.updates, performance.now() - t1);
    if (replay.transactions !== 0) throw new Error("replay inserted rows: idempotency broken");
  } finally {
    await target.close();
  }
}

async function paymentsOnly(backend: string, target: ThrowawayDatabase) {
  try {
    const stats = await runSimulation(target.db, planSimulation({ seed, transactions: size, batchSize }), undefined, { writers, bulk: true });
    record("payments only, no derived table", backend, stats.transactions + stats.updates, stats.ingestMs);
    record("then every derived table rebuilt", backend, stats.transactions, stats.rebuildMs!);
  } finally {
    await target.close();
  }
}

for (const backend of values.backends.split(",")) {
  console.log(`\nIngesting on ${backend}…`);
  const server = backend === "citus" ? values.citus : values.postgres;
  await onBackend(backend, await createThrowawayDatabase(backend as Backend, server));
  if (values.ceiling) await paymentsOnly(backend, await createThrowawayDatabase(backend as Backend, server));
}

// backends other than the default pair in the name, so such a run keeps the default run's file of that day
const named = values.backends === "pglite,postgres" ? [] : [values.backends.replaceAll(",", "-")];
const file = writeBenchResult("ingest", [size, `b${batchSize}`, `w${writers}`, ...named], { size, seed, batchSize, writers, results, breakdowns });
console.log(`\nMachine: ${machineDescription()}\nWrote ${file}`);
