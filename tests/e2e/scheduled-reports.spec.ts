import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { signature } from "../../lib/webhooks/sign";
import { csvTable } from "../helpers/parse-export";
import { webhookReceiver } from "../helpers/webhook-receiver";
import { E2E } from "../../playwright.config";
import { apiSession, DEMO, signedIn } from "./helpers";

// An admin defines a report in the browser; "Run now" and the app's own
// scheduler both deliver it to a folder and to a webhook on localhost, and
// the history shows each outcome, including a failed delivery and its reason.

const GAMES = "from=2023-09-23&to=2023-10-08";

test("an admin schedules a report; it runs now and on schedule, delivered to a folder and a signed webhook", async ({ page }) => {
  test.setTimeout(180_000);
  const hook = await webhookReceiver();
  try {
    await signedIn(page, DEMO.admin);
    await page.goto("/admin/reports");
    // due at the next whole minute in Hangzhou, so the scheduler's run comes within about a minute
    const minute = String((new Date().getUTCMinutes() + 1 + (new Date().getUTCSeconds() > 50 ? 1 : 0)) % 60).padStart(2, "0");
    const form = page.getByRole("form", { name: "New scheduled report" });
    await form.getByLabel("Name").fill("E2E wallets for officials");
    await form.getByLabel("Content").selectOption("adoption/by-wallet");
    await form.getByLabel("Format").selectOption("csv");
    await form.getByLabel("Covers").selectOption("games");
    await form.getByLabel("Near venues").selectOption("2000");
    await form.getByLabel(/^Venues/).selectOption("hangzhou-gym");
    await form.getByLabel("Runs").selectOption("hour");
    await form.getByLabel("Minute past the hour").fill(minute);
    await form.getByLabel("Folder on the server").fill("e2e-wallets");
    await form.getByLabel(/Webhook URLs/).fill(hook.url("/reports"));
    await form.getByRole("button", { name: "Create report" }).click();

    const report = page.getByTestId("report-E2E wallets for officials");
    await expect(report).toContainText(`hourly at :${minute}`);
    await expect(report).toContainText("officials' view");
    await expect(report).toContainText("within 2,000 m of Hangzhou Gymnasium");
    await report.getByRole("button", { name: "Run now" }).click();
    const manual = report.getByTestId("report-runs").locator('tr[data-trigger="manual"]');
    await expect(manual).toContainText("run now (admin@demo.hz)");
    await expect(manual.locator(".run-status")).toHaveText("succeeded", { timeout: 30_000 });
    await expect(manual).toContainText("✓ folder e2e-wallets");
    await expect(manual).toContainText(`✓ ${hook.url("/reports")}: HTTP 200`);

    // the file equals what an official sees in the wallet table for the Games near the gymnasium
    const admin = await apiSession(DEMO.admin);
    const href = await manual.getByRole("link").getAttribute("href");
    const file = await (await admin.get(href!)).text();
    const official = await apiSession(DEMO.official);
    const api = (await (await official.get(`/api/metrics/adoption?${GAMES}&venues=hangzhou-gym&radiusM=2000`)).json()).data;
    const rows = csvTable(file).rows;
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual(
      api.byWallet.map((w: { key: string; payments: number | null; volumeCny: string | null; suppressed?: string }) => [w.key, w.suppressed ?? String(w.payments), w.suppressed ?? w.volumeCny]),
    );
    const { reports } = await (await admin.get("/api/admin/reports")).json();
    const secret = reports.find((r: { name: string }) => r.name === "E2E wallets for officials").secret;
    const got = hook.received[0]!;
    expect(got.body.toString("utf8")).toBe(file);
    expect(csvTable(file).meta.get("Near venues")).toMatch(/^within 2000 m of hangzhou-gym/);
    expect(got.headers["x-hpm-signature"]).toBe(signature(secret, String(got.headers["x-hpm-timestamp"]), got.body));
    expect(fs.readdirSync(path.join(E2E.reportsDir, "e2e-wallets"))).toContain(await manual.getByRole("link").getAttribute("download"));

    // the app's scheduler runs it at the minute, without anyone on the page
    const scheduled = report.getByTestId("report-runs").locator('tr[data-trigger="schedule"]');
    await expect(async () => {
      await page.reload();
      await expect(scheduled.locator(".run-status")).toHaveText("succeeded", { timeout: 1_000 });
    }).toPass({ timeout: 130_000, intervals: [3_000] });
    await expect.poll(() => hook.received.length).toBe(2);
  } finally {
    await hook.close();
  }
});

test("a delivery that fails shows as failed with the reason, and the admin can fix it", async ({ page }) => {
  test.setTimeout(90_000);
  await signedIn(page, DEMO.admin);
  await page.goto("/admin/reports");
  const form = page.getByRole("form", { name: "New scheduled report" });
  await form.getByLabel("Name").fill("E2E briefing to nowhere");
  await form.getByLabel("Language").selectOption("zh");
  await form.getByLabel("Covers").selectOption("golden-week");
  // nothing listens on the demo's database port + 1 of the e2e run (a closed port on this machine)
  await form.getByLabel(/Webhook URLs/).fill(`http://127.0.0.1:${E2E.dbPort + 1}/hook`);
  await form.getByRole("button", { name: "Create report" }).click();
  const report = page.getByTestId("report-E2E briefing to nowhere");
  await report.getByRole("button", { name: "Run now" }).click();
  const run = report.getByTestId("report-runs").locator("tr").nth(1);
  await expect(run.locator(".run-status")).toHaveText("failed", { timeout: 60_000 });
  await expect(run).toContainText(/1 of 1 deliveries failed: .*ECONNREFUSED/);
  await expect(run).toContainText("(3 attempts)");
  // the briefing itself was built and kept: it can still be downloaded
  await expect(run.getByRole("link")).toHaveText("PDF");
  await expect(run.getByRole("link")).toHaveAttribute("download", /^E2E-briefing-to-nowhere_2023-09-29_2023-10-06_\d{8}T\d{4}Z\.pdf$/);

  // a bad edit is refused with the reason; nothing changes
  await report.getByRole("button", { name: "Edit" }).click();
  const edit = report.getByRole("form", { name: "Edit scheduled report" });
  await edit.getByLabel(/Webhook URLs/).fill("ftp://files.example/x");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("alert")).toHaveText("The request is invalid: webhooks.0: must be an http:// or https:// URL.");
  await expect(report).toContainText(`to http://127.0.0.1:${E2E.dbPort + 1}/hook`);
  await edit.getByLabel(/Webhook URLs/).fill("");
  await edit.getByLabel("Folder on the server").fill("briefings");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(report).toContainText("to folder briefings");
  await report.getByRole("button", { name: "Disable" }).click();
  await expect(report).toContainText("disabled");
  await page.screenshot({ path: "tests/e2e/screenshots/admin-reports.png", fullPage: true });
});
