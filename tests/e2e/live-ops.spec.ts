import { expect, test } from "./fixtures";
import { runLiveFeed } from "../../lib/simulate/live";
import { signature } from "../../lib/webhooks/sign";
import { E2E } from "../../playwright.config";
import { webhookReceiver } from "../helpers/webhook-receiver";
import { BASE_URL, DEMO, apiKey, apiSession, signedIn } from "./helpers";

// The live feed replays a simulated day through the ingestion API as if it
// were now, and injects a one-minute Kakao Pay outage; the app's own
// evaluator must open one incident within 60 s, page the webhook with a valid
// signature, show it on the operations page, and resolve it after recovery.

interface Incident { id: string; ruleId: string; subject: string; status: string; openedAt: string; resolvedAt: string | null; events: { kind: string }[] }

test("a wallet outage in the live feed opens one incident within 60 s, pages the webhook, shows on the operations page and resolves", async ({ page }) => {
  test.setTimeout(360_000);
  const hook = await webhookReceiver();
  const ops = await apiSession(DEMO.ops);
  const created = await ops.post("/api/alerts/rules", {
    data: { name: "E2E wallet failures", kind: "failure_rate", groupBy: "wallet", windowMinutes: 1, threshold: 50, recoverAt: 10, minVolume: 5, pendingSeconds: 10, recoverySeconds: 15, webhookUrl: hook.url("/page") },
  });
  expect(created.status()).toBe(201);
  const { rule } = await created.json();
  const kakao = async () =>
    ((await (await ops.get("/api/alerts/incidents?status=all")).json()).incidents as Incident[]).filter((i) => i.ruleId === rule.id && i.subject === "KAKAOPAY");

  const stop = new AbortController();
  const lines: string[] = [];
  const feed = runLiveFeed({
    url: BASE_URL, apiKey: apiKey(), seed: E2E.seed, size: E2E.size, speed: 1500, day: "2023-09-30",
    incidents: [{ kind: "outage", wallet: "KAKAOPAY", startSeconds: 20, durationSeconds: 60 }],
    log: (l) => lines.push(l), signal: stop.signal,
  });
  try {
    const outage = /^incident outage KAKAOPAY from (\S+) to (\S+)$/.exec(lines[0] ?? "");
    expect(outage, lines.join("\n")).not.toBeNull();
    const outageStart = Date.parse(outage![1]!);

    await signedIn(page, DEMO.ops);
    await page.goto("/operations?range=last-hour");
    // the demo's own rules may open their own Kakao Pay incident: follow this rule's
    const shown = page.getByTestId("open-incidents").locator('li[data-subject="KAKAOPAY"]', { hasText: "E2E wallet failures" });
    await expect(shown).toBeVisible({ timeout: 150_000 });
    await expect(shown).toContainText("E2E wallet failures: Kakao Pay");
    const [incident] = await kakao();
    expect(Date.parse(incident!.openedAt) - outageStart).toBeGreaterThan(0);
    expect(Date.parse(incident!.openedAt) - outageStart).toBeLessThanOrEqual(60_000);
    await page.screenshot({ path: "tests/e2e/screenshots/operations-incident.png", fullPage: true });

    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const fired = hook.received[0]!;
    expect(fired.headers["x-hpm-event"]).toBe("incident.fired");
    expect(fired.headers["x-hpm-signature"]).toBe(signature(rule.secret, String(fired.headers["x-hpm-timestamp"]), fired.body));
    expect(JSON.parse(fired.body.toString("utf8"))).toMatchObject({ event: "incident.fired", incident: { id: incident!.id }, subject: { code: "KAKAOPAY", name: "Kakao Pay" } });

    // the outage ends 80 s in; the 1-minute window then clears and the rule holds its recovery for 15 s
    await expect.poll(async () => (await kakao())[0]?.status, { timeout: 200_000, intervals: [5_000] }).toBe("RESOLVED");
    const after = await kakao();
    expect(after).toHaveLength(1);
    expect(after[0]!.events.map((e) => e.kind)).toEqual(["fired", "recovering", "resolved"]);
    await expect.poll(() => hook.received.map((h) => h.headers["x-hpm-event"]), { timeout: 30_000 }).toEqual(["incident.fired", "incident.resolved"]);
    await expect(shown).toHaveCount(0, { timeout: 15_000 });
    expect(lines.filter((l) => l.startsWith("live: batch refused") || l.includes("not stored"))).toEqual([]);

    // the alerts page: the timeline and the delivery log
    await page.goto("/alerts");
    const item = page.getByTestId("incidents").locator('li[data-subject="KAKAOPAY"]', { hasText: "E2E wallet failures" });
    await expect(item.locator(".timeline")).toContainText("fired");
    await expect(item.locator(".timeline")).toContainText("resolved");
    await expect(item.getByTestId("notification-log")).toContainText("✓ fired");
    await expect(item.getByTestId("notification-log")).toContainText("✓ resolved");

    // a manual note: drawn on the operations chart, and readable by officials
    const note = page.getByRole("form", { name: "New annotation" });
    await note.getByLabel("Annotation text").fill("E2E Kakao Pay maintenance");
    await note.getByLabel("Annotation wallet").selectOption("KAKAOPAY");
    await note.getByRole("button", { name: "Add note now" }).click();
    await expect(page.getByTestId("annotations")).toContainText("E2E Kakao Pay maintenance (KAKAOPAY) by ops@demo.hz");
    await page.screenshot({ path: "tests/e2e/screenshots/alerts.png", fullPage: true });
    await page.goto("/operations?range=last-hour");
    await expect(page.getByTestId("failure-rate").locator("svg text", { hasText: "E2E Kakao Pay maintenance" })).toBeVisible({ timeout: 15_000 });
    const official = await apiSession(DEMO.official);
    const hour = new URLSearchParams({ from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
    const notes = (await (await official.get(`/api/annotations?${hour}`)).json()).annotations;
    expect(notes.map((n: { text: string }) => n.text)).toContain("E2E Kakao Pay maintenance");
  } finally {
    stop.abort();
    await feed;
    await hook.close();
  }
});
