import { expect, test } from "./fixtures";
import { formatCny, formatInt } from "../../lib/format";
import { finalStates, planSimulation } from "../../lib/simulate/generate";
import { E2E } from "../../playwright.config";
import { expectedOverview } from "../helpers/expected";
import { ALL_DAYS, DEMO, apiKey, signedIn } from "./helpers";

// Worked out here from the simulator's output, independently of the database.
const expected = expectedOverview([...finalStates(planSimulation({ seed: E2E.seed, transactions: E2E.size })).values()]);

test("the overview over every simulated day shows the simulator's own figures", async ({ page }) => {
  await signedIn(page, DEMO.official);
  await page.goto(`/?${ALL_DAYS}`);
  await expect(page.getByRole("heading", { name: "Adoption", level: 1 })).toBeVisible();
  await expect(page.getByTestId("simulated-notice")).toContainText("Simulated data");
  await expect(page.getByTestId("wallet-volume")).toHaveText(formatCny(expected.walletVolumeCny));
  await expect(page.getByTestId("wallet-payments")).toHaveText(formatInt(expected.walletPayments));
  // unique payers come from HyperLogLog sketches: within 2% of the exact count
  const shownPayers = Number((await page.getByTestId("payers").innerText()).replace(/[^0-9]/g, ""));
  expect(Math.abs(shownPayers / expected.payers - 1)).toBeLessThanOrEqual(0.02);
  for (const [wallet, figures] of expected.perWallet) {
    const row = page.getByTestId(`wallet-row-${wallet}`);
    await expect(row.getByTestId("payments")).toHaveText(formatInt(figures.payments));
    await expect(row.getByTestId("volume")).toHaveText(formatCny(figures.volumeCny));
  }
});

test("a payment sent to the ingest API appears on the overview", async ({ page, request }) => {
  const hk = expected.perWallet.get("ALIPAYHK")!;
  const payment = {
    externalId: `E2E-${Date.now()}`,
    wallet: "ALIPAYHK",
    merchantId: "M000001",
    currency: "HKD",
    amount: "10.80",
    amountCny: "10.00",
    status: "SUCCESS",
    latencyMs: 700,
    payerId: "e2e-visitor",
    createdAt: "2023-10-08T12:00:00+08:00",
  };
  await signedIn(page, DEMO.ops);
  const unauthorized = await request.post("/api/v1/transactions", { data: [payment] });
  expect(unauthorized.status()).toBe(401);
  const res = await request.post("/api/v1/transactions", { data: [payment], headers: { "x-api-key": apiKey() } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ received: 1, inserted: 1, updated: 0, unchanged: 0 });
  const bad = await request.post("/api/v1/transactions", { data: [{ ...payment, externalId: "E2E-bad", currency: "KRW" }], headers: { "x-api-key": apiKey() } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).errors[0]).toMatchObject({ row: 0, field: "currency" });

  // loaded at once: the folder may not have applied the payment yet (its next pass starts a second
  // after the last ended); a past range is not refreshed, except while its answer says changes wait,
  // so the page must come to the new figures by itself, without a reload
  await page.goto(`/?${ALL_DAYS}`);
  const row = page.getByTestId("wallet-row-ALIPAYHK");
  await expect(row.getByTestId("payments")).toHaveText(formatInt(hk.payments + 1), { timeout: 20_000 });
  const cents = BigInt(hk.volumeCny.replace(".", "")) + 1000n;
  await expect(row.getByTestId("volume")).toHaveText(formatCny(`${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`));
});
