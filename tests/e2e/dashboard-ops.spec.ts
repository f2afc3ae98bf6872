import fs from "node:fs";
import { expect, test } from "./fixtures";
import { csvTable } from "../helpers/parse-export";
import { formatInt } from "../../lib/format";
import { ALL_DAYS, DEMO, apiKey, signedIn } from "./helpers";

test("operations: figures equal the API; the live range picks up a payment ingested during the test", async ({ page, request }) => {
  await signedIn(page, DEMO.ops);
  await page.goto("/operations");
  const ops = (await (await page.request.get("/api/metrics/operations?from=2023-09-23&to=2023-10-08")).json()).data as {
    series: { failed: number }[];
    backlog: { pending: number };
    topCodes: { code: string; failed: number }[];
  };
  await expect(page.getByTestId("failed")).toHaveText(formatInt(ops.series.reduce((s, r) => s + r.failed, 0)));
  await expect(page.getByTestId("pending")).toHaveText(formatInt(ops.backlog.pending));
  await expect(page.getByTestId(`code-row-${ops.topCodes[0]!.code}`)).toContainText(formatInt(ops.topCodes[0]!.failed));
  await expect(page.getByTestId("refresh-note")).toContainText("in the past");
  await page.screenshot({ path: "tests/e2e/screenshots/operations.png", fullPage: true });

  await page.getByTestId("range-select").selectOption("last-hour");
  await expect(page).toHaveURL(/range=last-hour/);
  await expect(page.getByTestId("refresh-note")).toContainText("Refreshes every 5 s");
  await expect(page.getByTestId("latest-failures").getByTestId("widget-empty")).toBeVisible();

  const externalId = `E2E-LIVE-${Date.now()}`;
  const res = await request.post("/api/v1/transactions", {
    headers: { "x-api-key": apiKey() },
    data: [{
      externalId, wallet: "KAKAOPAY", merchantId: "M000001", currency: "KRW", amount: "18000", amountCny: "100.00",
      status: "FAILED", resultCode: "REQUEST_TIMEOUT", latencyMs: 15000, payerId: "e2e-live", createdAt: new Date().toISOString(),
    }],
  });
  expect(res.status()).toBe(200);
  // no reload: the page refreshes itself
  await expect(page.getByTestId("latest-failures")).toContainText(externalId, { timeout: 15_000 });
  await expect(page.getByTestId("failed")).toHaveText("1");
  // the app's folder added it to the rollups: nothing waits, and the figures are not marked behind
  await expect(page.getByTestId("folder-state")).toContainText("0 changes waiting");
  await expect(page.getByTestId("ops-tiles").getByTestId("behind")).toHaveCount(0);
  await page.screenshot({ path: "tests/e2e/screenshots/operations-live.png", fullPage: true });
});

test("transactions: keyset pages, filters in the URL, the detail of one payment", async ({ page }) => {
  await signedIn(page, DEMO.ops);
  await page.goto("/transactions?status=FAILED");
  const rows = page.getByTestId("transactions").getByTestId("payment-row");
  await expect(rows).toHaveCount(50);
  const first = await rows.first().locator("a").innerText();
  const lastOfPage1 = await rows.last().locator("a").innerText();
  await page.screenshot({ path: "tests/e2e/screenshots/transactions.png", fullPage: true });

  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/status=FAILED.*cursor=|cursor=.*status=FAILED/);
  await expect(rows.first().locator("a")).not.toHaveText(first);
  const page2 = await rows.locator("a").allInnerTexts();
  expect(page2).not.toContain(lastOfPage1);
  // the API agrees with the page: the same cursor gives the same ids
  const cursor = new URL(page.url()).searchParams.get("cursor")!;
  const api = await page.request.get(`/api/metrics/transactions?from=2023-09-23&to=2023-10-08&status=FAILED&cursor=${cursor}`);
  expect(((await api.json()).data.rows as { externalId: string }[]).map((r) => r.externalId)).toEqual(page2);
  await expect(rows.getByText("FAILED", { exact: true })).toHaveCount(page2.length);

  // "every matching payment": the whole filter (not the page), streamed; its first rows are page 1 and page 2
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-all-csv").click()]);
  const all = csvTable(fs.readFileSync(await download.path(), "utf8"));
  const ids = all.rows.map((r) => r[1]);
  expect(ids.slice(50, 100)).toEqual(page2);
  expect(ids[0]).toBe(first);
  expect(new Set(all.rows.map((r) => r[11]))).toEqual(new Set(["FAILED"]));
  expect(new Set(ids).size).toBe(ids.length);
  // the page followed the stream and says what it saved
  expect(download.suggestedFilename()).toBe("hangzhou-pay-monitor_transactions_2023-09-23_2023-10-08.csv");
  await expect(page.getByTestId("export-outcome")).toContainText(`Saved ${download.suggestedFilename()}: ${ids.length.toLocaleString("en")} rows`);

  await page.goBack();
  await expect(rows.first().locator("a")).toHaveText(first);

  await rows.first().locator("a").click();
  await expect(page.getByTestId("tx-id")).toHaveText(first);
  await expect(page.getByTestId("tx-detail")).toContainText("FAILED");
  await page.screenshot({ path: "tests/e2e/screenshots/transaction.png", fullPage: true });

  const bad = await page.request.get("/api/metrics/transactions?from=2023-09-23&to=2023-10-08&cursor=nonsense");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).message).toContain("cursor");
});

test("a large export shows its progress and can be cancelled", async ({ page }) => {
  await signedIn(page, DEMO.ops);
  // every payment of the simulated Games as XLSX: long enough to watch and cancel
  await page.goto(`/transactions?${ALL_DAYS}`);
  await expect(page.getByTestId("transactions").getByTestId("payment-row")).toHaveCount(50);
  let downloads = 0;
  page.on("download", () => downloads++);
  await page.getByTestId("export-all-xlsx").click();
  await expect(page.getByTestId("export-progress")).toBeVisible();
  await page.getByTestId("export-all").screenshot({ path: "tests/e2e/screenshots/export-progress.png" });
  await page.getByTestId("export-cancel").click();
  await expect(page.getByTestId("export-outcome")).toHaveText("Cancelled; nothing was saved.");
  expect(downloads).toBe(0);

  // CSV of the same range: counted against the expected total while it streams, then saved whole
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-all-csv").click()]);
  const rows = csvTable(fs.readFileSync(await download.path(), "utf8")).rows.length;
  expect(rows).toBeGreaterThan(10_000);
  await expect(page.getByTestId("export-outcome")).toContainText(`: ${rows.toLocaleString("en")} rows`);
});
