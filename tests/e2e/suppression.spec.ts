import { expect, test } from "./fixtures";
import { formatInt } from "../../lib/format";
import { finalStates, planSimulation } from "../../lib/simulate/generate";
import { E2E } from "../../playwright.config";
import { ALL_DAYS, DEMO, apiSession, signedIn } from "./helpers";

// Chun'an, a rural county, gets few foreign visitors in the demo Games: most
// wallets there have a handful of payers. Worked out from the simulator's own output.
const plan = planSimulation({ seed: E2E.seed, transactions: E2E.size });
const districtOf = new Map(plan.merchants.map((m) => [m.id, m.districtCode]));
const chunan = new Map<string, { payers: Set<string>; payments: number }>();
for (const r of finalStates(plan).values()) {
  if (r.channel !== "WALLET" || (r.status !== "SUCCESS" && r.status !== "REFUNDED") || districtOf.get(r.merchantId) !== "chunan") continue;
  const w = chunan.get(r.wallet!) ?? { payers: new Set(), payments: 0 };
  w.payers.add(r.payerId);
  w.payments++;
  chunan.set(r.wallet!, w);
}
const few = [...chunan].filter(([, w]) => w.payers.size <= 5).map(([k]) => k);
const many = [...chunan].filter(([, w]) => w.payers.size >= 15).map(([k]) => k);

test("an official of a quiet district sees small cells as '< 10', in the page and the API", async ({ page }) => {
  expect(few.length).toBeGreaterThan(0);
  expect(many.length).toBeGreaterThan(0);
  const admin = await apiSession(DEMO.admin);
  const email = `chunan-${Date.now()}@demo.hz`;
  const password = "chun'an official pass";
  const created = await admin.post("/api/admin/users", { data: { email, name: "Chun'an official", role: "OFFICIAL", districts: ["chunan"], password } });
  expect(created.status()).toBe(201);

  await signedIn(page, email, password);
  await page.goto(`/?${ALL_DAYS}`);
  for (const w of few) {
    await expect(page.getByTestId(`wallet-row-${w}`).getByTestId("suppressed")).toHaveText("< 10 payers");
  }
  for (const w of many) {
    await expect(page.getByTestId(`wallet-row-${w}`).getByTestId("payments")).toHaveText(formatInt(chunan.get(w)!.payments));
  }
  await page.screenshot({ path: "tests/e2e/screenshots/overview-suppressed.png", fullPage: true });

  const api = await page.request.get(`/api/metrics/adoption?${ALL_DAYS}`);
  expect(api.status()).toBe(200);
  const byWallet = new Map<string, { payments: number | null; suppressed?: string }>(
    (await api.json()).data.byWallet.map((x: { key: string; payments: number | null; suppressed?: string }) => [x.key, x]),
  );
  for (const w of few) expect(byWallet.get(w)).toMatchObject({ payments: null, suppressed: "< 10" });
  for (const w of many) expect(byWallet.get(w)).toMatchObject({ payments: chunan.get(w)!.payments });
});
