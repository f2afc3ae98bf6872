// Page budget (not a test): for each dashboard page, the JavaScript the browser
// downloads on a cold first load (compressed and uncompressed) and the time from
// navigation to the first chart or figure on screen, against a running dashboard.
//
//   npm run budget -- --url http://127.0.0.1:3000 [--data-dir .data] [--runs 3]

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { writeBenchResult } from "../lib/cli/bench-db";
import type { DemoUser } from "../lib/cli/demo-users";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    "data-dir": { type: "string", default: ".data" },
    runs: { type: "string", default: "3" },
  },
});
const base = values.url!.replace(/\/$/, "");
const users: DemoUser[] = JSON.parse(fs.readFileSync(path.join(values["data-dir"]!, "demo-users.json"), "utf8"));
const ops = users.find((u) => u.role === "OPS");
if (!ops) throw new Error(`no OPS user in ${values["data-dir"]}/demo-users.json`);

// a widget showing its figures (chart, map, table or tiles): see components/dashboard/widget.tsx
const FIRST_FIGURE = "section.widget[data-state=ready]";
// a drawn chart, the district map or heatmap, or the explorer's rows
const FIRST_CHART = ".recharts-wrapper svg.recharts-surface, .district-map, .heatmap, [data-testid=payment-row]";
const PAGES = ["/", "/districts", "/fx", "/operations", "/transactions"];

async function signIn(page: Page) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/E-mail|电子邮箱/).fill(ops!.email);
  await page.getByLabel(/Password|密码/).fill(ops!.password);
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
interface Row {
  page: string;
  jsFiles: number;
  jsKbCompressed: number;
  jsKbUncompressed: number;
  /** the server-rendered page fully received (all streamed sections) */
  htmlMs: number;
  /** metrics the browser still had to ask for (0: all came with the page) */
  slowestApiMs: number;
  /** the first widget with figures (tiles, table) in the DOM */
  firstFigureMs: number;
  /** the first drawn chart, map or heatmap */
  firstChartMs: number;
  allWidgetsMs: number;
}
const rows: Row[] = [];
try {
  // one sign-in (the per-address sign-in limit is 30 per 15 minutes), its cookie reused by every cold context
  const login = await browser.newContext();
  await signIn(await login.newPage());
  const storageState = await login.storageState();
  await login.close();
  for (const p of PAGES) {
    const samples: Row[] = [];
    for (let run = 0; run < Number(values.runs); run++) {
      // a fresh context per run: cold HTTP cache, as a first visit
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
      // record in the page itself when figures first reach the DOM (server-streamed HTML or client render):
      // polling from outside would wait for the main thread, i.e. for hydration
      // (a string: tsx would wrap a function with helpers the page does not have)
      await context.addInitScript(`
        window.__marks = {};
        new MutationObserver(() => {
          if (!window.__marks.figure && document.querySelector(${JSON.stringify(FIRST_FIGURE)})) window.__marks.figure = performance.now();
          if (!window.__marks.chart && document.querySelector(${JSON.stringify(FIRST_CHART)})) window.__marks.chart = performance.now();
        }).observe(document, { childList: true, subtree: true, attributes: true });
      `);
      const page = await context.newPage();
      await page.goto(`${base}${p}`, { waitUntil: "commit" });
      await page.locator(FIRST_FIGURE).first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => document.querySelectorAll("section.widget:not([data-state]), section.widget[data-state=loading]").length === 0, undefined, { timeout: 60_000 });
      // all widgets settled: measured from outside, so an upper bound
      const allWidgetsMs = await page.evaluate(() => performance.now());
      await page.locator(FIRST_CHART).first().waitFor({ timeout: 60_000 });
      const { js, htmlMs, apiMs, firstFigureMs, firstChartMs } = await page.evaluate(() => {
        const marks = (window as unknown as { __marks: Record<string, number> }).__marks;
        const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        const api = resources.filter((e) => e.name.includes("/api/metrics/"));
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return {
          js: resources.filter((e) => e.initiatorType === "script" || e.name.endsWith(".js")).map((e) => ({ encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
          htmlMs: nav.responseEnd,
          apiMs: api.length ? Math.max(...api.map((e) => e.duration)) : 0,
          firstFigureMs: marks.figure ?? NaN,
          firstChartMs: marks.chart ?? NaN,
        };
      });
      samples.push({
        page: p,
        jsFiles: js.length,
        jsKbCompressed: Math.round(js.reduce((s, e) => s + e.encoded, 0) / 1024),
        jsKbUncompressed: Math.round(js.reduce((s, e) => s + e.decoded, 0) / 1024),
        htmlMs: Math.round(htmlMs),
        slowestApiMs: Math.round(apiMs),
        firstFigureMs: Math.round(firstFigureMs),
        firstChartMs: Math.round(firstChartMs),
        allWidgetsMs: Math.round(allWidgetsMs),
      });
      await context.close();
    }
    const mid = (k: keyof Row) => median(samples.map((s) => s[k] as number));
    rows.push({ ...samples[0]!, htmlMs: mid("htmlMs"), slowestApiMs: mid("slowestApiMs"), firstFigureMs: mid("firstFigureMs"), firstChartMs: mid("firstChartMs"), allWidgetsMs: mid("allWidgetsMs") });
  }
} finally {
  await browser.close();
}
console.log(`Page budget against ${base} (median of ${values.runs} cold loads, signed in as ${ops.email})`);
console.table(rows);
const out = writeBenchResult("budget", [], { url: base, runs: Number(values.runs), pages: rows });
console.log(`written to ${out}`);
