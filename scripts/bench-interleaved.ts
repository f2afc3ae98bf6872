import path from "node:path";
import { parseArgs } from "node:util";
import { percentiles, writeBenchResult } from "../lib/cli/bench-db";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { migrate } from "../lib/db/migrate";
import { freePort } from "../lib/db/throwaway";
import { ensureRollupsBuilt } from "../lib/store/rollup-rebuild";
import { ALL_DISTRICTS, metricFilterSchema, scopeFilter, type ScopedFilter } from "../lib/metrics/filter";

// Whole bench runs on this kind of machine differ by up to a third from one run to the next,
// more than many changes gain. This times one metric function of this checkout and of a
// baseline checkout (e.g. `git worktree add ../baseline HEAD~1`) on kept databases of two
// sizes in one process, call by call in rotation, so the spread hits every case alike, and
// asserts that both checkouts give the same answer. Not a test; prints and writes numbers.

const { values } = parseArgs({
  options: {
    // another checkout of this repository; it must know every migration of the databases
    baseline: { type: "string" },
    // kept PGlite data directories (npm run bench -- --into-pglite DIR), comma-separated, smallest first
    pglite: { type: "string" },
    // a module of lib/metrics and its function, e.g. operations:getOperations
    metric: { type: "string", default: "operations:getOperations" },
    filter: { type: "string", default: '{"from":"2023-09-30","to":"2023-09-30","districts":"xihu,shangcheng,gongshu"}' },
    runs: { type: "string", default: "60" },
    // in the result file's name, so runs of the same metric with other filters do not overwrite each other
    label: { type: "string" },
  },
});
if (!values.baseline || !values.pglite) {
  console.error("usage: npm run bench:interleaved -- --baseline ../baseline --pglite DIR1,DIR2 [--metric operations:getOperations] [--filter JSON] [--runs 60]");
  process.exit(2);
}

type MetricFn = (db: Db, filter: ScopedFilter) => Promise<unknown>;
const [moduleName, fnName] = values.metric.split(":") as [string, string];
const load = async (root: string) =>
  ((await import(path.resolve(root, "lib/metrics", `${moduleName}.ts`))) as Record<string, MetricFn>)[fnName]!;
const codes: Record<string, MetricFn> = { this: await load("."), baseline: await load(values.baseline) };
const filter = scopeFilter(metricFilterSchema.parse(JSON.parse(values.filter)), ALL_DISTRICTS);

const databases: { name: string; db: Db; close: () => Promise<void> }[] = [];
for (const dir of values.pglite.split(",")) {
  const owner = await startEmbeddedDatabase({ dataDir: dir, port: await freePort() });
  await migrate(owner.url);
  const db = createDb(owner.url, 4);
  if (await ensureRollupsBuilt(db)) console.log(`${dir}: derived tables filled after the migration`);
  databases.push({ name: path.basename(dir), db, close: async () => { await db.$disconnect(); await owner.close(); } });
}

try {
  for (const { name, db } of databases) {
    const [a, b] = [JSON.stringify(await codes.this!(db, filter)), JSON.stringify(await codes.baseline!(db, filter))];
    if (a !== b) throw new Error(`${name}: this checkout and the baseline answer differently`);
  }
  const cases = Object.entries(codes).flatMap(([code, fn]) => databases.map(({ name, db }) => ({ key: `${code} ${name}`, run: () => fn(db, filter) })));
  const samples = new Map<string, number[]>(cases.map((c) => [c.key, []]));
  const runs = Number(values.runs);
  for (let i = 0; i < runs + 3; i++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(i + k) % cases.length]!;
      const t0 = performance.now();
      await c.run();
      // the first three rounds warm caches and plans
      if (i >= 3) samples.get(c.key)!.push(performance.now() - t0);
    }
  }
  const rows = [...samples].map(([key, s]) => ({ case: key, ...percentiles(s) }));
  console.table(rows);
  const file = writeBenchResult("interleaved", [moduleName, ...(values.label ? [values.label] : [])], { metric: values.metric, filter: JSON.parse(values.filter), runs, baseline: values.baseline, rows });
  console.log(`Wrote ${file}`);
} finally {
  for (const d of databases) await d.close();
}
