// Sustained ingestion with the folder keeping up: `writers` concurrent clients
// send the simulated Games' batches through the ingestion core for `seconds`
// while the folder runs beside them, as in the app. Prints the write rate, the
// fold rate and the fold lag's percentiles (sampled every 250 ms), and how long
// the backlog took to drain after the writers stopped. Asserts nothing.
//
//   npm run bench:sustained -- --backends postgres,pglite --seconds 120 --writers 4
import { parseArgs } from "node:util";
import { writeBenchResult } from "../lib/cli/bench-db";
import { createThrowawayDatabase, type Backend } from "../lib/db/throwaway";
import { getEnv } from "../lib/env";
import { ingestFxRates } from "../lib/ingest/fx-rates";
import { upsertMerchants } from "../lib/ingest/merchants";
import { ingestTransactions } from "../lib/ingest/transactions";
import { planSimulation, simulationBatches, type SimBatch } from "../lib/simulate/generate";
import { foldChanges } from "../lib/store/fold";
import { readFreshness } from "../lib/store/freshness";

const { values } = parseArgs({
  options: {
    backends: { type: "string", default: "postgres,pglite" },
    seconds: { type: "string", default: "120" },
    writers: { type: "string", default: "4" },
    batch: { type: "string", default: "1000" },
    size: { type: "string", default: "1000000" },
    postgres: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
  },
});
const seconds = Number(values.seconds);
const writers = Number(values.writers);
const size = Number(values.size.replaceAll("_", ""));
const quantile = (s: number[], q: number) => (s.length ? [...s].sort((a, b) => a - b)[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! : 0);

// generated before the clock starts: the simulator shares the process and would be timed otherwise
console.log(`Generating ${size} payments in batches of ${values.batch}…`);
const plan = planSimulation({ seed: 2023, transactions: size, batchSize: Number(values.batch) });
const batches: SimBatch[] = [...simulationBatches(plan)];

const results = [];
for (const backend of values.backends.split(",") as Backend[]) {
  const t = await createThrowawayDatabase(backend, values.postgres);
  try {
    for (let i = 0; i < plan.merchants.length; i += 5_000) {
      await upsertMerchants(t.db, plan.merchants.slice(i, i + 5_000).map(({ weight: _w, hotspot: _h, onboardedMs: _o, ...m }) => m));
    }
    // the reference rates first, untimed (they arrive ahead of their payments; 881k of them whatever the size)
    for (const b of batches) if (b.kind === "fx") await ingestFxRates(t.db, b.rows);
    const queue = batches.filter((b): b is Extract<SimBatch, { kind: "transactions" }> => b.kind === "transactions");
    let rows = 0;
    let folded = 0;
    let writing = true;
    const lag: number[] = [];
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    const writer = async () => {
      for (let b = queue.shift(); b && performance.now() < deadline; b = queue.shift()) {
        // awaited first: `rows += await …` would read rows before the await and lose the other writers' counts
        const written = await ingestTransactions(t.db, b.rows);
        rows += written.received;
      }
    };
    const folder = (async () => {
      while (writing) {
        const pass = await foldChanges(t.db, { batch: 20_000 });
        folded += pass.folded;
        // as the app's folder: FOLD_INTERVAL_MS between runs (each run folds until the log is empty)
        await new Promise((r) => setTimeout(r, getEnv().FOLD_INTERVAL_MS));
      }
    })();
    const sampler = setInterval(() => void readFreshness(t.db).then((f) => lag.push(f.behindSeconds)), 250);
    await Promise.all(Array.from({ length: writers }, writer));
    const writeSeconds = (performance.now() - t0) / 1000;
    // from here the folder works off what the writers left (its pass in flight runs until the log is empty)
    const d0 = performance.now();
    writing = false;
    await folder;
    clearInterval(sampler);
    folded += (await foldChanges(t.db)).folded;
    const drainSeconds = (performance.now() - d0) / 1000;

    const totalSeconds = (performance.now() - t0) / 1000;
    const r = {
      backend, writers, batch: Number(values.batch), rows, writeSeconds: +writeSeconds.toFixed(1), rowsPerSecond: Math.round(rows / writeSeconds),
      folded, foldedPerSecond: Math.round(folded / totalSeconds), drainSeconds: +drainSeconds.toFixed(1),
      lagSeconds: { p50: quantile(lag, 0.5), p95: quantile(lag, 0.95), p99: quantile(lag, 0.99), max: quantile(lag, 1) },
    };
    results.push(r);
    console.log(
      `${backend}: ${rows} payments and updates in ${r.writeSeconds} s from ${writers} writers = ${r.rowsPerSecond}/s; ` +
        `folder ${folded} changes = ${r.foldedPerSecond}/s; lag p50 ${r.lagSeconds.p50} s, p95 ${r.lagSeconds.p95} s, p99 ${r.lagSeconds.p99} s, max ${r.lagSeconds.max} s; ` +
        `backlog drained ${r.drainSeconds} s after the writers stopped`,
    );
  } finally {
    await t.close();
  }
}
// the backends in the name: a run on one must not overwrite another's of the same day
console.log(`Wrote ${writeBenchResult("sustained", [values.backends.replaceAll(",", "+"), seconds, `w${writers}`], { seconds, size, results })}`);
