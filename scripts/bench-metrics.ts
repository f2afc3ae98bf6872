import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { machineDescription, timeRuns, writeBenchResult } from "../lib/cli/bench-db";
import { createThrowawayDatabase, freePort, type Backend, type ThrowawayDatabase } from "../lib/db/throwaway";
import type { Db } from "../lib/db/client";
import { resetEnvCache } from "../lib/env";
import { getAdoption } from "../lib/metrics/adoption";
import { getDistricts } from "../lib/metrics/districts";
import { ALL_DISTRICTS, metricFilterSchema, scopeFilter, type MetricFilterInput, type ScopedFilter } from "../lib/metrics/filter";
import { sessionCookieFor } from "../lib/cli/session-cookie";
import { getFxSpreads } from "../lib/metrics/fx-spreads";
import { getOperations } from "../lib/metrics/operations";
import { failuresQuerySchema, getFxOutliers, getRecentFailures, outliersQuerySchema } from "../lib/metrics/drill-down";
import { getTopMerchants, topMerchantsQuerySchema } from "../lib/metrics/merchants";
import { getVenueEffects } from "../lib/metrics/venue-effects";
import { startEmbeddedDatabase } from "../lib/db/embedded-server";
import { vacuumAnalyze } from "../lib/db/embedded-maintenance";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { ensureRollupsBuilt } from "../lib/store/rollup-rebuild";
import { planSimulation } from "../lib/simulate/generate";
import { runSimulation } from "../lib/simulate/run";
import { seedReferenceData } from "../lib/reference/seed";

// Latency of every metric (function and route handler) on rollups, against the
// naive query over raw rows and DuckDB scanning the same rows. Prints numbers.

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "1000000" },
    backends: { type: "string", default: "pglite,postgres" },
    runs: { type: "string", default: "20" },
    postgres: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    // backend "citus": a throw-away schema on this coordinator (../shared/citus/cluster.sh start)
    citus: { type: "string", default: process.env.CITUS_URL ?? "postgres://postgres@127.0.0.1:9700/test" },
    // measure databases already loaded (npm run simulate) instead of loading throwaway ones
    "reuse-postgres": { type: "string" },
    // load into this (empty) PostgreSQL database and keep it, to measure again later with --reuse-postgres
    into: { type: "string" },
    // the same for the embedded database: a new data directory, measured again later with --reuse-pglite
    "into-pglite": { type: "string" },
    // payments first, then every derived table rebuilt from them (a faster way to a big database; the
    // ingestion figure then covers payments only and is reported apart)
    bulk: { type: "boolean", default: false },
    writers: { type: "string", default: "1" },
    "reuse-pglite": { type: "string" },
    // a Citus schema loaded earlier: its URL with the schema in the search_path option (?options=-c%20search_path%3D...)
    "reuse-citus": { type: "string" },
    // only these metric routes (comma-separated), e.g. to measure again after a change to one of them
    metrics: { type: "string" },
    // leave out the naive query and DuckDB (they take minutes at 10M and do not change with our code)
    "skip-references": { type: "boolean", default: false },
  },
});
const size = Number(values.size.replaceAll("_", ""));
const runs = Number(values.runs);

const SCENARIOS: [string, MetricFilterInput][] = [
  ["Games period", { from: "2023-09-23", to: "2023-10-08" }],
  ["August baseline, 2 wallets", { from: "2023-08-01", to: "2023-08-31", wallets: "ALIPAYHK,KAKAOPAY" }],
  ["one day, 3 districts", { from: "2023-09-30", to: "2023-09-30", districts: "xihu,shangcheng,gongshu" }],
  ["last hour (live)", { from: "2023-10-08T23:00:00+08:00", to: "2023-10-09T00:00:00+08:00" }],
];
// every metric route, each with its options at their defaults
const METRICS: Record<string, (db: Db, f: ScopedFilter) => Promise<unknown>> = {
  adoption: getAdoption,
  operations: getOperations,
  districts: getDistricts,
  "fx-spreads": getFxSpreads,
  "fx-outliers": (db, f) => getFxOutliers(db, f, outliersQuerySchema.parse({})),
  failures: (db, f) => getRecentFailures(db, f, failuresQuerySchema.parse({})),
  "top-merchants": (db, f) => getTopMerchants(db, f, topMerchantsQuerySchema.parse({})),
  "venue-effects": (db, f) => getVenueEffects(db, f),
};

// The naive answer to the adoption question: aggregate the raw table.
const NAIVE = `SELECT coalesce(wallet_code, '') AS wallet, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
  count(*) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')) AS payments, sum(amount_cny) FILTER (WHERE status = 'SUCCESS') AS volume,
  count(DISTINCT payer_hash) AS payers
  FROM transactions WHERE created_at >= $1 AND created_at < $2
    AND (cardinality($3::text[]) = 0 OR coalesce(wallet_code, '') = ANY($3::text[]))
    AND (cardinality($4::text[]) = 0 OR district_code = ANY($4::text[]))
  GROUP BY 1, 2`;

const NAIVE_DUCKDB = `SELECT wallet_code AS wallet, strftime(created_at + INTERVAL 8 HOUR, '%Y-%m-%d') AS day,
  count(*) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')) AS payments, sum(amount_cny) FILTER (WHERE status = 'SUCCESS') AS volume,
  count(DISTINCT payer_hash) AS payers
  FROM transactions WHERE created_at >= $1 AND created_at < $2 AND $3 AND $4 GROUP BY 1, 2`;

const inList = (column: string, values: string[]) =>
  values.length ? `${column} IN (${values.map((v) => `'${v.replace(/'/g, "")}'`).join(", ")})` : "true";

interface Row {
  backend: string;
  what: string;
  scenario: string;
  p50: number;
  p95: number;
}
const rows: Row[] = [];
const show = (r: Row) => {
  rows.push(r);
  console.log(`  ${r.backend.padEnd(9)} ${r.what.padEnd(26)} ${r.scenario.padEnd(28)} p50 ${String(r.p50).padStart(8)} ms  p95 ${String(r.p95).padStart(8)} ms`);
};

async function loadDuckDb(db: Db) {
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  // created_at as a UTC TIMESTAMP: DuckDB's time-zone support is an extension it cannot download here
  await duck.run(`CREATE TABLE transactions (wallet_code VARCHAR, district_code VARCHAR, created_at TIMESTAMP, status VARCHAR, amount_cny DECIMAL(18,2), payer_hash VARCHAR)`);
  let after = "";
  for (;;) {
    const page = await db.$queryRawUnsafe<{ external_id: string; w: string | null; d: string; c: Date; s: string; a: string; p: string }[]>(
      `SELECT external_id, wallet_code AS w, district_code AS d, created_at AS c, status::text AS s, amount_cny::text AS a, payer_hash AS p
       FROM transactions WHERE external_id > $1 ORDER BY external_id LIMIT 50000`, after);
    if (page.length === 0) break;
    const appender = await duck.createAppender("transactions");
    for (const r of page) {
      appender.appendVarchar(r.w ?? "");
      appender.appendVarchar(r.d);
      appender.appendVarchar(r.c.toISOString().replace("Z", ""));
      appender.appendVarchar(r.s);
      appender.appendVarchar(r.a);
      appender.appendVarchar(r.p);
      appender.endRow();
    }
    appender.closeSync();
    after = page[page.length - 1]!.external_id;
  }
  return duck;
}

/** A database that outlives the run, migrated: a PostgreSQL URL, or a PGlite data directory served on a free port. */
async function keptDatabase(backend: Backend, where: string): Promise<ThrowawayDatabase> {
  const owner = backend === "pglite" ? await startEmbeddedDatabase({ dataDir: where, port: await freePort() }) : null;
  const url = owner?.url ?? where;
  await migrate(url);
  const db = createDb(url, 4);
  return { backend, url, db, close: async () => { await db.$disconnect(); await owner?.close(); } };
}

let measuredSize = size;

/** A database loaded earlier (rollups rebuilt if a migration emptied them), never dropped. */
async function reusedDatabase(backend: Backend, where: string): Promise<ThrowawayDatabase> {
  const kept = await keptDatabase(backend, where);
  const t0 = performance.now();
  if (await ensureRollupsBuilt(kept.db)) console.log(`  ${backend}: rollups rebuilt from raw rows in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const [count] = await kept.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM transactions`);
  console.log(`\n${backend}: measuring an existing database with ${count?.n} payments`);
  // the results are filed under the size measured, not the --size default
  measuredSize = Number(count?.n ?? size);
  return kept;
}

/** An empty database to load and keep. */
async function emptyKeptDatabase(backend: Backend, where: string): Promise<ThrowawayDatabase> {
  const kept = await keptDatabase(backend, where);
  await seedReferenceData(kept.db);
  return kept;
}

const ingest: Record<string, number> = {};
const bulkLoad: Record<string, { paymentsOnlyRowsPerSecond: number; rebuildSeconds: number }> = {};
for (const backend of values.backends.split(",")) {
  const reuse = { postgres: values["reuse-postgres"], pglite: values["reuse-pglite"], citus: values["reuse-citus"] }[backend];
  const into = backend === "postgres" ? values.into : values["into-pglite"];
  const target = reuse
    ? await reusedDatabase(backend as Backend, reuse)
    : into
      ? await emptyKeptDatabase(backend as Backend, into)
      : await createThrowawayDatabase(backend as Backend, backend === "citus" ? values.citus : values.postgres);
  try {
    if (!reuse) {
      console.log(`\n${backend}: loading ${size} simulated payments ${values.bulk ? "(bulk: payments, then every rollup rebuilt)" : "with rollups maintained"}…`);
      const plan = planSimulation({ seed: 2023, transactions: size });
      const t0 = performance.now();
      const stats = await runSimulation(target.db, plan, undefined, { bulk: values.bulk, writers: Number(values.writers) });
      const rate = Math.round((stats.transactions + stats.updates) / (stats.ingestMs / 1000));
      if (values.bulk) {
        bulkLoad[backend] = { paymentsOnlyRowsPerSecond: rate, rebuildSeconds: Math.round((stats.rebuildMs ?? 0) / 1000) };
        console.log(`  bulk: payments only ${rate} rows/s, then every rollup rebuilt in ${bulkLoad[backend]!.rebuildSeconds} s`);
      } else {
        ingest[backend] = rate;
        console.log(`  ingestion with rollups: ${rate} rows/s (${((performance.now() - t0) / 1000).toFixed(0)} s end to end)`);
      }
    }
    process.env.DATABASE_URL = target.url;
    resetEnvCache();
    const naive = new pg.Client({ connectionString: target.url });
    await naive.connect();
    // Measured in the state autovacuum (PostgreSQL) and the embedded upkeep (PGlite) keep a live
    // database in: analysed, dead rows gone, visibility maps set for index-only scans. PostgreSQL
    // here runs with autovacuum off, so a fresh load would otherwise be measured unvacuumed.
    const upkeep = await vacuumAnalyze(naive, null);
    console.log(`  ${backend}: VACUUM (ANALYZE) of ${upkeep.run!.tables} tables in ${(upkeep.run!.ms / 1000).toFixed(0)} s`);
    // route handlers check the session like in production: a signed cookie of an admin
    const { cookie } = await sessionCookieFor(target.db, "ADMIN");
    for (const [scenario, input] of SCENARIOS) {
      const filter = scopeFilter(metricFilterSchema.parse(input), ALL_DISTRICTS);
      const query = new URLSearchParams(input as Record<string, string>).toString();
      for (const [name, fn] of Object.entries(METRICS).filter(([n]) => !values.metrics || values.metrics.split(",").includes(n))) {
        show({ backend, what: `${name} (function)`, scenario, ...(await timeRuns(runs, () => fn(target.db, filter))) });
        const route = (await import(`../app/api/metrics/${name}/route.ts`)) as { GET: (r: Request) => Promise<Response> };
        show({ backend, what: `${name} (route handler)`, scenario, ...(await timeRuns(runs, async () => (await route.GET(new Request(`http://bench/api/metrics/${name}?${query}`, { headers: { cookie } }))).text())) });
      }
      if (values["skip-references"]) continue;
      const range = [filter.from.toISOString(), filter.to.toISOString(), filter.wallets, filter.districts];
      // on a plain connection with PostgreSQL's defaults (JIT on), which suit a scan of the raw table
      show({ backend, what: "naive SQL on raw rows", scenario, ...(await timeRuns(Math.min(runs, 5), () => naive.query(NAIVE, range))) });
    }
    await naive.end();
    if (backend === values.backends.split(",")[0] && !values["skip-references"]) {
      const duck = await loadDuckDb(target.db);
      for (const [scenario, input] of SCENARIOS) {
        const f = metricFilterSchema.parse(input);
        const sql = NAIVE_DUCKDB.replace("$1", `'${f.from.toISOString().replace("Z", "")}'`)
          .replace("$2", `'${f.to.toISOString().replace("Z", "")}'`)
          .replace("$3", inList("wallet_code", f.wallets))
          .replace("$4", inList("district_code", f.districts));
        show({ backend: "duckdb", what: "DuckDB on raw rows", scenario, ...(await timeRuns(Math.min(runs, 5), () => duck.runAndReadAll(sql))) });
      }
      duck.closeSync();
    }
    const g = globalThis as { hpmDb?: { $disconnect(): Promise<void> } };
    await g.hpmDb?.$disconnect();
    delete g.hpmDb;
  } finally {
    await target.close();
  }
}

// a partial run (some metrics, or no references) does not overwrite the full run of the day
const partial = values.metrics || values["skip-references"] ? ["partial"] : [];
const file = writeBenchResult("metrics", [measuredSize, values.backends.replaceAll(",", "+"), ...partial], { size: measuredSize, ingestRowsPerSecond: ingest, bulkLoad, rows });
console.log(`\nMachine: ${machineDescription()}\nWrote ${file}`);
