import { parseArgs } from "node:util";
import { machineDescription, writeBenchResult } from "../lib/cli/bench-db";
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

async function onBackend(backend: string, target: ThrowawayDatabase) {
  const db = target.db;
  try {
    const plan = planSimulation({ seed, transactions: size, batchSize });
    const t0 = performance.now();
    let lastLog = 0;
    const stats = await runSimulation(db, plan, (p) => {
      if (p.transactionsDone - lastLog >= size / 10) {
        lastLog = p.transactionsDone;
        console.log(`    ${backend}: ${p.transactionsDone}/${p.total} (${p.day})`);
      }
    }, { writers });
    const total = performance.now() - t0;
    record("simulate + ingest, end to end", backend, stats.transactions, total);
    record("ingestion core (payments+updates)", backend, stats.transactions + stats.updates, stats.ingestMs);
    record("FX reference rates", backend, stats.fxRates, stats.fxMs);
    const t1 = performance.now();
    const replay = await runSimulation(db, plan, undefined, { writers });
    record("replay (all unchanged)", backend, size + stats.updates, performance.now() - t1);
    if (replay.transactions !== 0) throw new Error("replay inserted rows: idempotency broken");
  } finally {
    await target.close();
  }
}

for (const backend of values.backends.split(",")) {
  console.log(`\nIngesting on ${backend}…`);
  const target = await createThrowawayDatabase(backend as Backend, values.postgres);
  await onBackend(backend, target);
}

const file = writeBenchResult("ingest", [size, `b${batchSize}`, `w${writers}`], { size, seed, batchSize, writers, results });
console.log(`\nMachine: ${machineDescription()}\nWrote ${file}`);
