// Dashboard reads under load: signs in as each role through the sign-in
// endpoint, then drives the metric routes each page loads (default filter,
// as a page opened without one asks) with autocannon, the connections split
// across the routes, while an ingestion stream posts payments alongside.
// Prints requests/s and p50/p99 per route and every non-2xx answer.
//
//   npm run demo                 # in another terminal (or DATABASE_URL for PostgreSQL)
//   npm run load -- --connections 200 --duration 60
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { writeBenchResult } from "../lib/cli/bench-db";
import type { DemoUser } from "../lib/cli/demo-users";
import { openDatabase } from "../lib/db/open";
import { getEnv } from "../lib/env";
import { DEFAULT_FILTER, metricSearch, type DashboardFilter } from "../lib/dashboard/filter";
import { FAILURES_OPTIONS, OUTLIERS_OPTIONS, TOP_MERCHANTS_OPTIONS } from "../lib/dashboard/metric-options";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: `http://127.0.0.1:${getEnv().PORT}` },
    connections: { type: "string", default: "200" },
    duration: { type: "string", default: "60" },
    // the demo's folder: its users' passwords and its ingestion key
    dir: { type: "string" },
    "ingest-batch": { type: "string", default: "100" },
  },
});
const base = values.url!;
const dir = values.dir ?? (getEnv().DATABASE_URL ? ".data" : path.dirname(getEnv().PGLITE_DIR));
const connections = Number(values.connections);
const duration = Number(values.duration);

// what each page's widgets request when it is opened without a filter: the default range and the
// per-widget options, exactly as the browser's hooks build the query string
const search = (options: Record<string, string> = {}, filter: DashboardFilter = DEFAULT_FILTER) => `?${metricSearch(filter, new Date(), options)}`;
const ROUTES: { role: "OFFICIAL" | "OPS"; path: string }[] = [
  { role: "OFFICIAL", path: `/api/metrics/adoption${search()}` },
  { role: "OFFICIAL", path: `/api/metrics/districts${search()}` },
  { role: "OFFICIAL", path: `/api/metrics/venue-effects${search()}` },
  { role: "OFFICIAL", path: `/api/metrics/fx-spreads${search()}` },
  { role: "OPS", path: `/api/metrics/top-merchants${search(TOP_MERCHANTS_OPTIONS)}` },
  { role: "OPS", path: `/api/metrics/fx-outliers${search(OUTLIERS_OPTIONS)}` },
  { role: "OPS", path: `/api/metrics/operations${search()}` },
  { role: "OPS", path: `/api/metrics/failures${search(FAILURES_OPTIONS)}` },
  { role: "OPS", path: `/api/metrics/transactions${search()}` },
  // the live view operations opens during the Games
  { role: "OPS", path: `/api/metrics/operations${search({}, { ...DEFAULT_FILTER, range: "last-hour" })}` },
];

// the route and its options, without the range every route carries
const label = (p: string) => {
  const u = new URL(p, base);
  const range = u.searchParams.get("from")?.includes("T") ? " (last hour)" : "";
  for (const k of ["from", "to"]) u.searchParams.delete(k);
  return `${u.pathname}${u.search}${range}`;
};

async function signIn(user: DemoUser): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`could not sign in as ${user.email} (${res.status})`);
  return session.split(";")[0]!;
}

const users: DemoUser[] = JSON.parse(fs.readFileSync(path.join(dir, "demo-users.json"), "utf8"));
const apiKey = fs.readFileSync(path.join(dir, "demo-api-key"), "utf8").trim();
// every demo user signs in; a route is driven as each user who may open its page, in turn
const sessions = await Promise.all(users.map(async (u) => ({ user: u, cookie: await signIn(u) })));
const mayOpen = (role: "OFFICIAL" | "OPS") => sessions.filter((s) => role === "OFFICIAL" || s.user.role !== "OFFICIAL");

// the stream pays at real merchants of the loaded data, now
const database = await openDatabase();
const merchants = (await database.db.merchant.findMany({ select: { id: true }, take: 500 })).map((m) => m.id);
await database.close();
let streaming = true;
const stream = { batches: 0, rows: 0, errors: [] as string[] };
const ingest = (async () => {
  const size = Number(values["ingest-batch"]);
  for (let b = 0; streaming; b++) {
    const at = new Date().toISOString();
    const rows = Array.from({ length: size }, (_, i) => ({
      externalId: `LOAD-${Date.now()}-${b}-${i}`, wallet: "KAKAOPAY", currency: "KRW", amount: "18500", amountCny: "100.00",
      merchantId: merchants[(b * size + i) % merchants.length], status: "SUCCESS", resultCode: "SUCCESS", latencyMs: 800, payerId: `load-${i % 300}`, createdAt: at,
    }));
    const res = await fetch(`${base}/api/v1/transactions`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": apiKey }, body: JSON.stringify(rows) }).catch((e: Error) => e);
    if (res instanceof Error || !res.ok) stream.errors.push(res instanceof Error ? res.message : `${res.status} ${await res.text()}`);
    else {
      stream.batches++;
      stream.rows += size;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
})();

// a run whose every answer is a 400 or 401 measures nothing: each route must answer 200 once first
for (const [i, r] of ROUTES.entries()) {
  const res = await fetch(`${base}${r.path}`, { headers: { cookie: mayOpen(r.role)[i % mayOpen(r.role).length]!.cookie } });
  if (res.status !== 200) throw new Error(`${r.path} answered ${res.status} before the load: ${(await res.text()).slice(0, 300)}`);
}

console.log(`load: ${connections} connections for ${duration} s over ${ROUTES.length} metric routes at ${base}, ingesting alongside`);
const per = Math.max(1, Math.floor(connections / ROUTES.length));
const results = await Promise.all(
  ROUTES.map((r, i) =>
    autocannon({
      url: `${base}${r.path}`,
      // the remainder goes to the first routes, so the total is what was asked
      connections: per + (i < connections - per * ROUTES.length ? 1 : 0),
      duration,
      headers: { cookie: mayOpen(r.role)[i % mayOpen(r.role).length]!.cookie },
      timeout: 30,
    }),
  ),
);
streaming = false;
await ingest;

const rows = ROUTES.map((r, i) => {
  const x = results[i]!;
  return { route: label(r.path), as: mayOpen(r.role)[i % mayOpen(r.role).length]!.user.email, requestsPerSecond: x.requests.average, p50Ms: x.latency.p50, p99Ms: x.latency.p99, non2xx: x.non2xx, errors: x.errors, timeouts: x.timeouts, statusCodes: x.statusCodeStats };
});
const total = rows.reduce((a, r) => a + r.requestsPerSecond, 0);
const bad = rows.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
for (const r of rows) {
  console.log(`  ${r.route.padEnd(52)} ${r.requestsPerSecond.toFixed(1).padStart(7)} req/s   p50 ${String(r.p50Ms).padStart(5)} ms   p99 ${String(r.p99Ms).padStart(5)} ms   non-2xx ${r.non2xx + r.errors + r.timeouts}`);
}
console.log(`  all routes: ${total.toFixed(1)} req/s, ${bad} non-2xx or failed; ingestion alongside: ${stream.rows} payments in ${stream.batches} batches, ${stream.errors.length} errors${stream.errors.length ? ` (${stream.errors[0]})` : ""}`);
// the backend in the name: a PostgreSQL run must not overwrite the embedded one of the same day
const file = writeBenchResult("load", [getEnv().DATABASE_URL ? "postgres" : "pglite", connections], { what: "metric routes under load", url: base, connections, durationSeconds: duration, totalRequestsPerSecond: total, failed: bad, ingestion: stream, routes: rows });
console.log(`  written to ${file}`);
process.exit(bad || stream.errors.length ? 1 : 0);
