import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test, watchCsp } from "./fixtures";
import { csvTable } from "../helpers/parse-export";
import { formatChange, formatCny, formatInt, formatNumber } from "../../lib/format";
import { DEMO, signedIn } from "./helpers";

// Each page shows what the metrics API answers for the same filter and role;
// filters live in the URL. Screenshots go to tests/e2e/screenshots (ignored by git).

const GAMES = "from=2023-09-23&to=2023-10-08";
const GOLDEN_WEEK = "from=2023-09-29&to=2023-10-06";

async function api<T>(page: Page, name: string, query: string): Promise<T> {
  const res = await page.request.get(`/api/metrics/${name}?${query}`);
  expect(res.status(), `${name}?${query}`).toBe(200);
  return (await res.json()).data as T;
}

interface Share { key: string; payments: number | null; volumeCny: string | null }
interface Adoption { byChannel: Share[]; byWallet: Share[]; baseline: { ratio: number | null }; payers: { firstTimePayers: number } | null }

async function expectAdoption(page: Page, query: string) {
  const a = await api<Adoption>(page, "adoption", query);
  const wallet = a.byChannel.find((c) => c.key === "WALLET")!;
  await expect(page.getByTestId("wallet-payments")).toHaveText(formatInt(wallet.payments!));
  await expect(page.getByTestId("wallet-volume")).toHaveText(formatCny(wallet.volumeCny!));
  await expect(page.getByTestId("baseline-change")).toHaveText(formatChange(a.baseline.ratio));
  await expect(page.getByTestId("first-time-payers")).toContainText(formatInt(a.payers!.firstTimePayers));
  for (const w of a.byWallet) await expect(page.getByTestId(`wallet-row-${w.key}`).getByTestId("payments")).toHaveText(formatInt(w.payments!));
  return a;
}

test("adoption: figures equal the API, a filter change updates the URL and the charts, Back restores them", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await expect(page.getByTestId("time-zone")).toHaveText("Times in Asia/Shanghai (UTC+8)");
  const games = await expectAdoption(page, GAMES);
  // every chart drew something
  for (const id of ["adoption-by-wallet", "adoption-by-country", "wallet-vs-card", "coverage-over-time"]) {
    await expect(page.getByTestId(id).locator(".recharts-wrapper > svg").first()).toBeVisible();
  }
  await expect(page.getByTestId("adoption-by-wallet")).toContainText("Opening ceremony");
  await page.screenshot({ path: "tests/e2e/screenshots/overview.png", fullPage: true });

  await page.getByTestId("range-select").selectOption("golden-week");
  await expect(page).toHaveURL(/\?range=golden-week$/);
  const golden = await expectAdoption(page, GOLDEN_WEEK);
  expect(golden.byChannel[0]!.payments).not.toBe(games.byChannel[0]!.payments);

  await page.getByTestId("filter-wallets").locator("summary").click();
  await page.getByTestId("filter-wallets").getByLabel("Kakao Pay").check();
  await expect(page).toHaveURL(/range=golden-week&wallets=KAKAOPAY/);
  await expectAdoption(page, `${GOLDEN_WEEK}&wallets=KAKAOPAY`);

  await page.goBack();
  await expect(page).toHaveURL(/\?range=golden-week$/);
  const golden2 = await expectAdoption(page, GOLDEN_WEEK);

  // the wallet table's CSV holds the figures on screen, for the filter on screen
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("wallet-table").getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toBe("hangzhou-pay-monitor_adoption_by-wallet_2023-09-29_2023-10-06.csv");
  const csv = csvTable(fs.readFileSync(await download.path(), "utf8"));
  expect(csv.meta.get("From")).toBe("2023-09-29");
  expect(csv.rows.map((r) => [r[1], Number(r[2])])).toEqual(golden2.byWallet.map((w) => [w.key, w.payments]));

  // a broken link says what is wrong and falls back to the defaults
  await page.goto("/?wallets=NOPE&from=2023-10-05&to=2023-10-01");
  await expect(page.getByTestId("filter-problems")).toContainText("unknown wallet NOPE");
  await expectAdoption(page, GAMES);
});

test("near a venue: the venue filter narrows every widget to merchants within the radius, as the API does", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await page.getByTestId("radius-select").selectOption("2000");
  await expect(page).toHaveURL(/\?radiusM=2000$/);
  await page.getByTestId("filter-venues").locator("summary").click();
  await page.getByTestId("filter-venues").getByLabel("Hangzhou Gymnasium", { exact: true }).check();
  await expect(page).toHaveURL(/\?venues=hangzhou-gym&radiusM=2000$/);
  const near = await api<Adoption>(page, "adoption", `${GAMES}&venues=hangzhou-gym&radiusM=2000`);
  const all = await api<Adoption>(page, "adoption", GAMES);
  const wallet = near.byChannel.find((c) => c.key === "WALLET")!;
  expect(wallet.payments).toBeGreaterThan(0);
  expect(wallet.payments).toBeLessThan(all.byChannel.find((c) => c.key === "WALLET")!.payments!);
  await expect(page.getByTestId("wallet-payments")).toHaveText(formatInt(wallet.payments!));
  await expect(page.getByTestId("wallet-volume")).toHaveText(formatCny(wallet.volumeCny!));
  for (const w of near.byWallet.filter((w) => w.payments !== null)) {
    await expect(page.getByTestId(`wallet-row-${w.key}`).getByTestId("payments")).toHaveText(formatInt(w.payments!));
  }

  // the districts page keeps the filter: only the Hangzhou Gymnasium in the venue table, at the filter's radius
  await page.getByRole("link", { name: "Districts" }).click();
  await expect(page).toHaveURL(/\/districts\?venues=hangzhou-gym&radiusM=2000$/);
  await expect(page.getByTestId("venue-radius")).toContainText("within 2,000 m");
  await expect(page.getByTestId("venue-effects").locator("[data-testid^=venue-row-]")).toHaveCount(1);
  const d = await api<{ byDistrict: { district: string; payments: number | null }[] }>(page, "districts", `${GAMES}&venues=hangzhou-gym&radiusM=2000`);
  for (const x of d.byDistrict.filter((x) => x.payments)) {
    await expect(page.getByTestId(`district-row-${x.district}`).getByTestId("payments")).toHaveText(formatInt(x.payments!));
  }
  await page.screenshot({ path: "tests/e2e/screenshots/districts-near-venue.png", fullPage: true });
});

test("districts: table and map equal the API; clicking a district filters every chart", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await page.goto("/districts");
  const d = await api<{ byDistrict: { district: string; volumeCny: string | null; payments: number | null }[] }>(page, "districts", GAMES);
  for (const x of d.byDistrict.filter((x) => x.volumeCny !== null)) {
    await expect(page.getByTestId(`district-row-${x.district}`).getByTestId("volume")).toHaveText(formatCny(x.volumeCny!));
  }
  await expect(page.getByTestId("district-map").locator("[data-testid^=map-]")).toHaveCount(d.byDistrict.length);
  await expect(page.getByTestId("district-heatmap").locator("[data-testid^=heat-row-]").first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/districts.png", fullPage: true });

  // keyboard: the map's districts are buttons
  await page.getByTestId("map-xihu").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/districts=xihu/);
  const xihu = await api<{ byDistrict: { district: string; payments: number | null }[] }>(page, "districts", `${GAMES}&districts=xihu`);
  await expect(page.getByTestId("district-volume").locator("[data-testid^=district-row-]")).toHaveCount(1);
  await expect(page.getByTestId("district-row-xihu").getByTestId("payments")).toHaveText(formatInt(xihu.byDistrict.find((x) => x.district === "xihu")!.payments!));
  await expect(page.getByTestId("district-heatmap").locator("[data-testid^=heat-row-]")).toHaveCount(1);
  const venues = await api<{ venues: { venue: string; uplift: number | null; suppressed?: string }[] }>(page, "venue-effects", `${GAMES}&districts=xihu`);
  const shown = venues.venues.find((v) => v.uplift !== null && !v.suppressed);
  if (shown) await expect(page.getByTestId(`venue-row-${shown.venue}`).getByTestId("uplift")).toHaveText(formatChange(1 + shown.uplift!));

  // compare with August: a change per district against its own August daily average
  await page.getByTestId("compare-toggle").check();
  await expect(page).toHaveURL(/compare=1/);
  await expect(page.getByTestId("district-row-xihu").getByTestId("vs-baseline")).toHaveText(/^[+−]\d+\.\d%$/);
});

test("FX spreads: the ranking equals the API", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await page.goto("/fx");
  const fx = await api<{ bySource: { source: string; meanBps: number | null; costCny: string | null }[] }>(page, "fx-spreads", GAMES);
  expect(fx.bySource.length).toBeGreaterThan(5);
  for (const s of fx.bySource.filter((s) => s.meanBps !== null)) {
    const row = page.getByTestId(`fx-row-${s.source}`);
    await expect(row.getByTestId("mean")).toHaveText(`${formatNumber(s.meanBps, "en", 1)} bp`);
    await expect(row.getByTestId("cost")).toHaveText(formatCny(s.costCny!));
  }
  await expect(page.getByTestId("fx-over-time").locator(".recharts-wrapper > svg")).toBeVisible();
  await expect(page.getByTestId("fx-distribution").locator(".recharts-wrapper > svg")).toBeVisible();
  // officials do not get single payments
  await expect(page.getByTestId("fx-outliers")).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/screenshots/fx.png", fullPage: true });
});

test("the language switch renders the dashboard in Chinese with Chinese number formats, and is remembered", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await page.goto("/");
  const a = await api<Adoption>(page, "adoption", GAMES);
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("使用情况");
  await expect(page.getByTestId("time-zone")).toHaveText("时间为北京时间（UTC+8）");
  const wallet = a.byChannel.find((c) => c.key === "WALLET")!;
  await expect(page.getByTestId("wallet-volume")).toHaveText(formatCny(wallet.volumeCny!, "zh"));
  await page.screenshot({ path: "tests/e2e/screenshots/overview-zh.png", fullPage: true });
  // the briefing link gives a PDF for the filter on screen
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("briefing-zh").click()]);
  expect(pdf.suggestedFilename()).toBe("hangzhou-pay-monitor_briefing_2023-09-23_2023-10-08_zh.pdf");
  expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.goto("/districts");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("城区");
  // every page says how it counts, in the page's language
  await page.getByTestId("glossary").locator("summary").click();
  await expect(page.getByTestId("glossary")).toContainText("不扣除退款");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Districts");
  await page.getByTestId("glossary").locator("summary").click();
  await expect(page.getByTestId("glossary")).toContainText("refunds are not subtracted");
});

test("a district official asking for another district gets the reason in each widget, not a blank page", async ({ page }) => {
  await signedIn(page, DEMO.xihu);
  await page.goto("/?districts=binjiang");
  await expect(page.getByTestId("tiles").getByTestId("widget-error")).toContainText("You may see only xihu; not binjiang.");
  await expect(page.getByTestId("adoption-by-wallet").getByTestId("widget-error")).toBeVisible();
  // the filter bar offers only their own district
  await page.getByTestId("filter-districts").locator("summary").click();
  await expect(page.getByTestId("filter-districts").getByRole("checkbox")).toHaveCount(1);
  // other districts are not theirs: absent from the table, on the map only as "not in your scope"
  await page.goto("/districts");
  await expect(page.getByTestId("district-row-xihu")).toBeVisible();
  await expect(page.locator("[data-testid^=district-row-]")).toHaveCount(1);
  await expect(page.getByTestId("map-binjiang")).toHaveAttribute("aria-label", /not in your scope/);
  // an empty range says so instead of drawing empty axes
  await page.goto("/?from=2023-09-01&to=2023-09-10");
  await expect(page.getByTestId("adoption-by-wallet").getByTestId("widget-empty")).toContainText("No payments match this filter");
});

test("on a tablet in dark mode the pages fit the width and stay readable", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, colorScheme: "dark" });
  const violations = await watchCsp(context);
  const page = await context.newPage();
  await signedIn(page, DEMO.ops);
  for (const [path, name] of [["/", "overview"], ["/districts", "districts"], ["/operations", "operations"]] as const) {
    await page.goto(path);
    await expect(page.locator("[data-testid=skeleton]")).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(13, 17, 23)");
    await page.screenshot({ path: `tests/e2e/screenshots/tablet-dark-${name}.png`, fullPage: true });
  }
  await context.close();
  expect(violations, "Content Security Policy violations").toEqual([]);
});
