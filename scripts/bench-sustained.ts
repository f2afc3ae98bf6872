// Sustained ingestion with the folder keeping up: `writers` concurrent clients
// send the simulated Games' batches for `seconds` while the folder runs beside
// them. Prints the write rate, the fold rate and the fold lag's percentiles
// (sampled every 250 ms), and how long the backlog took to drain after the
// writers stopped. Asserts nothing.
//   --via core   the writers call the ingestion core and the folder runs in this process
//   --via http   the writers POST to /api/v1/transactions of the built app (`next start`,
//                an API key), whose own folder keeps up, as deployed: the embedded owner
//                in this process, the app in its own, as `npm run demo` runs them
//
//   npm run bench:sustained -- --backends postgres,pglite --seconds 120 --writers 4 --via http
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
import { startBenchApp } from "../lib/cli/bench-app";

const { values } = parseArgs({
  options: {
    backends: { type: "string", default: "postgres,pglite" },
    seconds: { type: "string", default: "120" },
    writers: { type: "string", default: "4" },
    batch: { type: "string", default: "1000" },
    size: { type: "string", default: "1000000" },
    postgres: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    via: { type: "string", default: "core" },
  },
});
if (values.via !== "core" && values.via !== "http") throw new Error(`--via is core or http, not ${values.via}`);
const viaHttp = values.via === "http";
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
    const queue = batches
      .filter((b): b is Extract<SimBatch, { kind: "transactions" }> => b.kind === "transactions")
      // serialized before the clock starts, as a client has its batch ready
      .map((b) => ({ rows: b.rows, body: viaHttp ? JSON.stringify(b.rows) : "" }));
    const app = viaHttp ? await startBenchApp(t) : undefined;
    try {
      const send = app
        ? async (b: (typeof queue)[number]) => {
            const res = await fetch(`${app.url}/api/v1/transactions`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": app.apiKey }, body: b.body });
            if (!res.ok) throw new Error(`POST /api/v1/transactions answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
            return ((await res.json()) as { received: number }).received;
          }
        : async (b: (typeof queue)[number]) => (await ingestTransactions(t.db, b.rows)).received;
      const foldedSoFar = async () => Number((await t.db.$queryRawUnsafe<{ folded: bigint }[]>(`SELECT folded FROM fold_state WHERE id = 1`))[0]!.folded);
      const foldedBefore = await foldedSoFar();
      let rows = 0;
      let writing = true;
      const lag: number[] = [];
      const t0 = performance.now();
      const deadline = t0 + seconds * 1000;
      const writer = async () => {
        for (let b = queue.shift(); b && performance.now() < deadline; b = queue.shift()) {
          // awaited first: `rows += await …` would read rows before the await and lose the other writers' counts
          const received = await send(b);
          rows += received;
        }
      };
      // through the core the folder runs here as the app's does: FOLD_INTERVAL_MS between runs, each
      // folding until the log is empty; through HTTP the app's own folder does the same
      const folder = app
        ? Promise.resolve()
        : (async () => {
            while (writing) {
              await foldChanges(t.db, { batch: 20_000 });
              await new Promise((r) => setTimeout(r, getEnv().FOLD_INTERVAL_MS));
            }
          })();
      const sampler = setInterval(() => void readFreshness(t.db).then((f) => lag.push(f.behindSeconds)), 250);
      await Promise.all(Array.from({ length: writers }, writer));
      const writeSeconds = (performance.now() - t0) / 1000;
      // from here the folder works off what the writers left
      const d0 = performance.now();
      writing = false;
      await folder;
      if (app) {
        for (let f = await readFreshness(t.db); f.backlog > 0; f = await readFreshness(t.db)) {
          if (f.lastError) throw new Error(`The app's folder stopped: ${f.lastError}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } else await foldChanges(t.db);
      clearInterval(sampler);
      const drainSeconds = (performance.now() - d0) / 1000;
      const folded = (await foldedSoFar()) - foldedBefore;

      const totalSeconds = (performance.now() - t0) / 1000;
      const r = {
        backend, via: values.via, writers, batch: Number(values.batch), rows, writeSeconds: +writeSeconds.toFixed(1), rowsPerSecond: Math.round(rows / writeSeconds),
        folded, foldedPerSecond: Math.round(folded / totalSeconds), drainSeconds: +drainSeconds.toFixed(1),
        lagSeconds: { p50: quantile(lag, 0.5), p95: quantile(lag, 0.95), p99: quantile(lag, 0.99), max: quantile(lag, 1) },
      };
      results.push(r);
      console.log(
        `${backend} (${values.via}): ${rows} payments and updates in ${r.writeSeconds} s from ${writers} writers = ${r.rowsPerSecond}/s; ` +
          `folder ${folded} changes = ${r.foldedPerSecond}/s; lag p50 ${r.lagSeconds.p50} s, p95 ${r.lagSeconds.p95} s, p99 ${r.lagSeconds.p99} s, max ${r.lagSeconds.max} s; ` +
          `backlog drained ${r.drainSeconds} s after the writers stopped`,
      );
    } finally {
      await app?.stop();
    }
  } finally {
    await t.close();
  }
}
// the backends in the name: a run on one must not overwrite another's of the same day
console.log(`Wrote ${writeBenchResult("sustained", [values.backends.replaceAll(",", "+"), ...(viaHttp ? ["http"] : []), seconds, `w${writers}`], { seconds, size, results })}`);
