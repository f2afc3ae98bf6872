import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { appRoutes } from "../helpers/app-routes";
import { DEMO, apiSession, signedIn as signInAs } from "./helpers";

// Every page and API route in app/, tried anonymously and as each demo role,
// gets exactly the status in RULES. The routes are read from the app/ tree, so
// a new route without a rule fails this test.

type Who = "anonymous" | "official" | "xihu" | "ops" | "admin";
const WHO: Who[] = ["anonymous", "official", "xihu", "ops", "admin"];
type Expect = Record<Who, number>;

const all = (n: number): Expect => ({ anonymous: n, official: n, xihu: n, ops: n, admin: n });
const signedIn = (ok: number): Expect => ({ anonymous: 401, official: ok, xihu: ok, ops: ok, admin: ok });
const opsOnly = (ok: number): Expect => ({ anonymous: 401, official: 403, xihu: 403, ops: ok, admin: ok });
const adminOnly = (ok: number): Expect => ({ anonymous: 401, official: 403, xihu: 403, ops: 403, admin: ok });
const page = (o: Omit<Expect, "anonymous">): Expect => ({ anonymous: 307, ...o });

const RANGE = "from=2023-09-30&to=2023-09-30";
const SOME_ID = "00000000-0000-4000-8000-000000000000";

/** method + route (as in app/, dynamic segments kept) -> request and expected statuses */
const RULES: Record<string, { url: string; body?: unknown; expect: Expect }> = {
  "GET /": { url: "/", expect: page({ official: 200, xihu: 200, ops: 200, admin: 200 }) },
  "GET /sign-in": { url: "/sign-in", expect: all(200) },
  "GET /districts": { url: "/districts", expect: page({ official: 200, xihu: 200, ops: 200, admin: 200 }) },
  "GET /fx": { url: "/fx", expect: page({ official: 200, xihu: 200, ops: 200, admin: 200 }) },
  "GET /operations": { url: "/operations", expect: page({ official: 403, xihu: 403, ops: 200, admin: 200 }) },
  "GET /transactions": { url: "/transactions", expect: page({ official: 403, xihu: 403, ops: 200, admin: 200 }) },
  // no such payment: ops and admins get as far as the lookup
  "GET /transactions/[id]": { url: "/transactions/NO-SUCH-PAYMENT", expect: page({ official: 403, xihu: 403, ops: 404, admin: 404 }) },
  "GET /admin": { url: "/admin", expect: page({ official: 403, xihu: 403, ops: 403, admin: 200 }) },
  "GET /admin/reports": { url: "/admin/reports", expect: page({ official: 403, xihu: 403, ops: 403, admin: 200 }) },
  "GET /api-docs": { url: "/api-docs", expect: page({ official: 200, xihu: 200, ops: 200, admin: 200 }) },
  "GET /api/health": { url: "/api/health", expect: all(200) },
  "GET /api/openapi.json": { url: "/api/openapi.json", expect: all(200) },
  "GET /api/auth/[...nextauth]": { url: "/api/auth/csrf", expect: all(200) },
  // a credentials post without next-auth's CSRF token is turned away (redirect back to sign-in)
  "POST /api/auth/[...nextauth]": { url: "/api/auth/callback/credentials", body: {}, expect: all(302) },
  "POST /api/v1/transactions": { url: "/api/v1/transactions", body: [], expect: all(401) },
  "POST /api/v1/fx-rates": { url: "/api/v1/fx-rates", body: [], expect: all(401) },
  "GET /api/metrics/adoption": { url: `/api/metrics/adoption?${RANGE}`, expect: signedIn(200) },
  "GET /api/metrics/districts": { url: `/api/metrics/districts?${RANGE}`, expect: signedIn(200) },
  "GET /api/metrics/fx-spreads": { url: `/api/metrics/fx-spreads?${RANGE}`, expect: signedIn(200) },
  "GET /api/metrics/venue-effects": { url: `/api/metrics/venue-effects?${RANGE}`, expect: signedIn(200) },
  "GET /api/metrics/operations": { url: `/api/metrics/operations?${RANGE}`, expect: opsOnly(200) },
  "GET /api/metrics/failures": { url: `/api/metrics/failures?${RANGE}`, expect: opsOnly(200) },
  "GET /api/metrics/fx-outliers": { url: `/api/metrics/fx-outliers?${RANGE}`, expect: opsOnly(200) },
  "GET /api/metrics/transactions": { url: `/api/metrics/transactions?${RANGE}`, expect: opsOnly(200) },
  "GET /api/metrics/top-merchants": { url: `/api/metrics/top-merchants?${RANGE}`, expect: opsOnly(200) },
  // the export checks the metric's own role: officials may export adoption, not transactions
  "GET /api/export/[metric]": { url: `/api/export/transactions?${RANGE}&view=transactions&format=csv`, expect: opsOnly(200) },
  "GET /api/reports/briefing": { url: `/api/reports/briefing?${RANGE}&lang=zh`, expect: signedIn(200) },
  "GET /api/transactions/export": { url: `/api/transactions/export?${RANGE}&format=csv`, expect: opsOnly(200) },
  "GET /api/admin/users": { url: "/api/admin/users", expect: adminOnly(200) },
  // an empty body: the admin gets as far as validation, nobody else gets that far
  "POST /api/admin/users": { url: "/api/admin/users", body: {}, expect: adminOnly(422) },
  "PATCH /api/admin/users/[id]": { url: `/api/admin/users/${SOME_ID}`, body: { name: "x" }, expect: adminOnly(404) },
  "GET /api/admin/api-keys": { url: "/api/admin/api-keys", expect: adminOnly(200) },
  "POST /api/admin/api-keys": { url: "/api/admin/api-keys", body: {}, expect: adminOnly(422) },
  "DELETE /api/admin/api-keys/[id]": { url: `/api/admin/api-keys/${SOME_ID}`, expect: adminOnly(404) },
  "GET /api/admin/audit": { url: "/api/admin/audit", expect: adminOnly(200) },
  "GET /alerts": { url: "/alerts", expect: page({ official: 403, xihu: 403, ops: 200, admin: 200 }) },
  "GET /api/alerts/rules": { url: "/api/alerts/rules", expect: opsOnly(200) },
  "POST /api/alerts/rules": { url: "/api/alerts/rules", body: {}, expect: opsOnly(422) },
  "PUT /api/alerts/rules/[id]": { url: `/api/alerts/rules/${SOME_ID}`, body: {}, expect: opsOnly(422) },
  "DELETE /api/alerts/rules/[id]": { url: `/api/alerts/rules/${SOME_ID}`, expect: opsOnly(404) },
  "GET /api/alerts/incidents": { url: "/api/alerts/incidents", expect: opsOnly(200) },
  "POST /api/alerts/incidents/[id]": { url: `/api/alerts/incidents/${SOME_ID}`, body: { action: "acknowledge" }, expect: opsOnly(404) },
  "GET /api/annotations": { url: "/api/annotations?from=2023-10-01T00:00:00%2B08:00&to=2023-10-02T00:00:00%2B08:00", expect: signedIn(200) },
  "POST /api/annotations": { url: "/api/annotations", body: {}, expect: opsOnly(422) },
  "DELETE /api/annotations/[id]": { url: `/api/annotations/${SOME_ID}`, expect: opsOnly(404) },
  "GET /api/admin/reports": { url: "/api/admin/reports", expect: adminOnly(200) },
  "POST /api/admin/reports": { url: "/api/admin/reports", body: {}, expect: adminOnly(422) },
  "PUT /api/admin/reports/[id]": { url: `/api/admin/reports/${SOME_ID}`, body: {}, expect: adminOnly(422) },
  "DELETE /api/admin/reports/[id]": { url: `/api/admin/reports/${SOME_ID}`, expect: adminOnly(404) },
  "POST /api/admin/reports/[id]/run": { url: `/api/admin/reports/${SOME_ID}/run`, expect: adminOnly(404) },
  "GET /api/admin/reports/runs/[id]": { url: `/api/admin/reports/runs/${SOME_ID}`, expect: adminOnly(404) },
  "GET /api/admin/reports/runs/[id]/file": { url: `/api/admin/reports/runs/${SOME_ID}/file`, expect: adminOnly(404) },
};


test("every route in app/ has an access rule", () => {
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(15);
  expect(routes.filter((r) => !RULES[r]), "routes without a rule in RULES").toEqual([]);
  expect(Object.keys(RULES).filter((r) => !routes.includes(r)), "rules for routes that no longer exist").toEqual([]);
});

test("pages and APIs carry the security headers", async () => {
  const anonymous = await apiSession(null);
  for (const url of ["/sign-in", "/api/health"]) {
    const h = (await anonymous.get(url)).headers();
    expect(h["content-security-policy"], url).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], url).toContain("default-src 'self'");
    expect(h["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    expect(h["x-content-type-options"], url).toBe("nosniff");
    // plain http here: no HSTS (it is set only behind TLS)
    expect(h["strict-transport-security"], url).toBeUndefined();
  }
  const behindTls = (await anonymous.get("/sign-in", { headers: { "x-forwarded-proto": "https" } })).headers();
  expect(behindTls["strict-transport-security"]).toContain("max-age=");
});

test("scripts run only with this response's nonce: no 'unsafe-inline', a new nonce per response, every script tag carries it", async () => {
  const anonymous = await apiSession(null);
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const res = await anonymous.get("/sign-in");
    const csp = res.headers()["content-security-policy"]!;
    const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).toContain("'strict-dynamic'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    nonces.add(nonce);
    const html = await res.text();
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.filter((t) => !t.includes(`nonce="${nonce}"`)), "script tags without the nonce").toEqual([]);
  }
  expect(nonces.size).toBe(3);
});

test("no page breaks the Content Security Policy, for any role", async ({ page, cspViolations }) => {
  for (const who of [DEMO.official, DEMO.ops, DEMO.admin]) {
    await page.context().clearCookies();
    await signInAs(page, who);
    for (const path of ["/", "/districts", "/fx", "/operations", "/transactions", "/alerts", "/admin", "/admin/reports"]) {
      const res = await page.goto(path);
      if (res?.status() === 200) await expect(page.locator("[data-testid=skeleton]")).toHaveCount(0);
    }
  }
  // the fixture fails the test on any violation; this says what it saw
  expect(cspViolations).toEqual([]);
});

test("each route answers each role with exactly the expected status", async () => {
  test.setTimeout(120_000);
  const sessions = {} as Record<Who, APIRequestContext>;
  sessions.anonymous = await apiSession(null);
  sessions.official = await apiSession(DEMO.official);
  sessions.xihu = await apiSession(DEMO.xihu);
  sessions.ops = await apiSession(DEMO.ops);
  sessions.admin = await apiSession(DEMO.admin);
  const got: string[] = [];
  const want: string[] = [];
  for (const route of appRoutes()) {
    const rule = RULES[route]!;
    const [method] = route.split(" ") as [string];
    for (const who of WHO) {
      const res = await sessions[who].fetch(rule.url, { method, ...(rule.body !== undefined ? { data: rule.body } : {}) });
      got.push(`${route} as ${who}: ${res.status()}`);
      want.push(`${route} as ${who}: ${rule.expect[who]}`);
    }
  }
  expect(got).toEqual(want);
  // a district official asking for another district is refused, not shown it
  const other = await sessions.xihu.get(`/api/metrics/adoption?${RANGE}&districts=binjiang`);
  expect(other.status()).toBe(403);
  const mine = await (await sessions.xihu.get(`/api/metrics/districts?${RANGE}`)).json();
  expect(mine.data.byDistrict.filter((d: { payments: number }) => d.payments > 0).map((d: { district: string }) => d.district)).toEqual(["xihu"]);
});
