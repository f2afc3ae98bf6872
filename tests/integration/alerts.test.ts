import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRules } from "@/lib/alerts/evaluate";
import { measure, ruleWindow } from "@/lib/alerts/measure";
import { histogramQuantile, LATENCY_BOUNDS_MS } from "@/lib/store/histograms";
import { binOf } from "../helpers/oracles";
import { actOnIncident, listIncidents } from "@/lib/alerts/incidents";
import { deliverNotifications } from "@/lib/alerts/notify";
import { ruleSpecSchema, type RuleSpecInput } from "@/lib/alerts/rule-spec";
import { createRule } from "@/lib/alerts/rules";
import { createDb } from "@/lib/db/client";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import type { TransactionInput } from "@/lib/ingest/schema";
import { signature } from "@/lib/webhooks/sign";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { webhookReceiver } from "../helpers/webhook-receiver";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";
import { POST as createRuleRoute } from "@/app/api/alerts/rules/route";
import { PUT as updateRuleRoute } from "@/app/api/alerts/rules/[id]/route";
import { sessionCookieFor } from "@/lib/cli/session-cookie";

const skip = await skipReason();
const T0 = Date.parse("2023-10-02T20:00:00+08:00"); // the outage starts
const min = (m: number) => T0 + m * 60_000;

/** Traffic from -20 to +40 min: Kakao Pay fails (wallet suspended) from 0 to +10 min; Touch 'n Go flaps; AlipayHK is healthy. */
function traffic(): TransactionInput[] {
  const rows: TransactionInput[] = [];
  for (let s = -20 * 60; s < 40 * 60; s += 10) {
    const at = new Date(T0 + s * 1000).toISOString();
    const outage = s >= 0 && s < 600;
    rows.push(walletRow({ externalId: `K${s}`, payerId: `k${s}`, createdAt: at, ...(outage ? { status: "FAILED", resultCode: "PAYMENT_METHOD_SUSPEND" } : {}) }));
    // Touch 'n Go: 5-minute blocks alternating 40% and 10% failures (never below the 5% recovery value)
    const block = Math.floor((s + 1200) / 300) % 2 === 1 && s >= 0;
    const tngFails = (s / 10) % 10 < (block ? 4 : 1);
    rows.push(walletRow({ externalId: `T${s}`, wallet: "TNG", currency: "MYR", amount: "65.00", payerId: `t${s}`, createdAt: at, ...(tngFails ? { status: "FAILED", resultCode: "SYSTEM_ERROR" } : {}) }));
    // AlipayHK: varied latency; from +30 min every fifth payment is still unknown (the backlog rule's food)
    const unknown = s >= 1800 && (s / 10) % 5 === 0;
    rows.push(walletRow({ externalId: `S${s}`, wallet: "ALIPAYHK", currency: "HKD", amount: "110.00", payerId: `s${s}`, createdAt: at, latencyMs: 200 + ((((s / 10) * 137) % 2900) + 2900) % 2900, ...(unknown ? { status: "UNKNOWN", resultCode: "REQUEST_TIMEOUT" } : {}) }));
  }
  return rows;
}

/** August baseline: AlipayHK paid every minute from 19:00 to 21:59 on three evenings. */
function august(): TransactionInput[] {
  return ["2023-08-08", "2023-08-15", "2023-08-22"].flatMap((day) =>
    Array.from({ length: 180 }, (_, m) => walletRow({ externalId: `A${day}-${m}`, wallet: "ALIPAYHK", currency: "HKD", amount: "110.00", payerId: `a${m}`, createdAt: new Date(Date.parse(`${day}T19:00:00+08:00`) + m * 60_000).toISOString() })),
  );
}

describe.skipIf(skip)("alert evaluation from the rollups", () => {
  let t: TestDatabase;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  const rows = traffic();
  let sent = 0;
  /** Ingests what has happened by `at`, then evaluates and sends, as the app's jobs do every 30 s. */
  async function tick(at: number, db = t.db) {
    const due = rows.filter((r, i) => i >= sent && Date.parse(r.createdAt) <= at);
    if (due.length) await ingestTransactions(t.db, due);
    if (due.length) await foldChanges(t.db);
    sent += due.length;
    const pass = await evaluateRules(db, new Date(at));
    await deliverNotifications(db, new Date(at), { baseBackoffMs: 10 });
    return pass;
  }
  const rule = (spec: Partial<RuleSpecInput>) =>
    createRule(t.db, ruleSpecSchema.parse({ name: "Wallet failures", kind: "failure_rate", groupBy: "wallet", windowMinutes: 2, threshold: 20, recoverAt: 5, minVolume: 5, pendingSeconds: 30, recoverySeconds: 120, ...spec }), "ops@test");

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    await ingestTransactions(t.db, august());
    await foldChanges(t.db);
    hook = await webhookReceiver();
    useAppDatabase(t.url);
  });
  afterAll(async () => {
    await hook?.close();
    await releaseAppDatabase();
    await t?.close();
  });

  it("a 10-minute wallet outage opens one incident within 60 s, notifies with a valid signature, and resolves after recovery; a flapping wallet stays one incident", async () => {
    const r = await rule({ webhookUrl: hook.url("/alerts") });
    let other: ReturnType<typeof createDb> | null = null;
    try {
      // the app evaluates every 15 s
      for (let at = min(-20); at <= min(30); at += 15_000) {
        // half way through the outage a second app process takes over evaluating: no state lives in memory
        if (at === min(5)) other = createDb(t.url, 2);
        const pass = await tick(at, other ?? t.db);
        expect(pass.skipped).toBe(false);
      }
    } finally {
      await other?.$disconnect();
    }
    const incidents = await t.db.incident.findMany({ where: { ruleId: r.id }, include: { events: { orderBy: { at: "asc" } } }, orderBy: { openedAt: "asc" } });
    expect(incidents.map((i) => i.subject).sort()).toEqual(["KAKAOPAY", "TNG"]);
    const kakao = incidents.filter((i) => i.subject === "KAKAOPAY");
    expect(kakao).toHaveLength(1);
    const k = kakao[0]!;
    expect(k.openedAt.getTime() - T0).toBeGreaterThan(0);
    expect(k.openedAt.getTime() - T0).toBeLessThanOrEqual(60_000);
    expect(k.title).toMatch(/^Wallet failures: Kakao Pay \d+\.\d% \(above 20\.0%\)$/);
    expect(k.status).toBe("RESOLVED");
    // recovered payments from +10 min push the 5-minute window below 5% once the failures age out, then 120 s more
    expect(k.resolvedAt!.getTime()).toBeGreaterThan(min(12));
    expect(k.resolvedAt!.getTime()).toBeLessThanOrEqual(min(18));
    expect(k.events.map((e) => e.kind)).toEqual(["fired", "recovering", "resolved"]);
    // Touch 'n Go flaps between 40% and 10% failures: one incident, still open, nobody paged twice
    const tng = incidents.filter((i) => i.subject === "TNG");
    expect(tng).toHaveLength(1);
    expect(tng[0]!.status).toBe("OPEN");
    expect(incidents.filter((i) => i.subject === "ALIPAYHK")).toHaveLength(0);

    const secret = (await t.db.alertRule.findUniqueOrThrow({ where: { id: r.id } })).secret;
    const got = hook.received.map((h) => ({ ...JSON.parse(h.body.toString("utf8")), headers: h.headers, raw: h.body }));
    expect(got.map((g) => `${g.event} ${g.subject.code}`).sort()).toEqual(["incident.fired KAKAOPAY", "incident.fired TNG", "incident.resolved KAKAOPAY"]);
    for (const g of got) {
      expect(g.headers["x-hpm-signature"]).toBe(signature(secret, String(g.headers["x-hpm-timestamp"]), g.raw));
      expect(g.headers["x-hpm-delivery"]).toBe(g.delivery);
    }
    const firedKakao = got.find((g) => g.event === "incident.fired" && g.subject.code === "KAKAOPAY");
    expect(firedKakao.chart).toBe("/operations?from=2023-10-02&to=2023-10-02&wallets=KAKAOPAY");
    // a receiver gets the title in both languages, the same reading in each
    const reading = k.title.match(/ (\d+\.\d)% /)![1];
    expect(firedKakao.incident.titles).toEqual({ en: k.title, zh: `Wallet failures：Kakao Pay ${reading}%（高于 20.0%）` });
    expect(await t.db.notification.count({ where: { status: "DELIVERED" } })).toBe(3);
    // as the operations page lists it: linked to the wallet's chart, with its delivery log
    const listed = (await listIncidents(t.db, { status: "all", limit: 50 })).find((i) => i.subject === "KAKAOPAY")!;
    expect(listed.chart).toBe("/operations?from=2023-10-02&to=2023-10-02&wallets=KAKAOPAY");
    expect(listed.ruleName).toBe("Wallet failures");
    expect((await listIncidents(t.db, { status: "all", limit: 50 }, "zh")).find((i) => i.subject === "KAKAOPAY")!.title).toBe(firedKakao.incident.titles.zh);
    expect(listed.notifications.map((n) => [n.event, n.status, n.attempts, n.to])).toEqual([
      ["fired", "DELIVERED", 1, hook.url("/alerts")], ["resolved", "DELIVERED", 1, hook.url("/alerts")],
    ]);

    // evaluating the same instant again (a rerun after a restart) changes nothing
    const before = await t.db.incidentEvent.count();
    await evaluateRules(t.db, new Date(min(30)));
    expect(await t.db.incidentEvent.count()).toBe(before);
  });

  it("each kind of rule reads what plain SQL over the raw payments says for the same window", async () => {
    const at = new Date(min(33) + 7_000);
    const spec = (kind: string, extra: Partial<RuleSpecInput> = {}) =>
      ({ ...ruleSpecSchema.parse({ name: kind, kind, groupBy: "wallet", windowMinutes: 7, threshold: 1, ...extra }), id: "x", secret: "", createdBy: null, createdAt: at, updatedAt: at, walletCodes: [], districtCodes: [] }) as never;
    const w = ruleWindow(7, at);
    const raw = await t.db.$queryRawUnsafe<{ wallet: string; status: string; latency_ms: number | null; created_at: Date }[]>(
      `SELECT wallet_code AS wallet, status::text AS status, latency_ms, created_at FROM transactions WHERE created_at >= $1 AND created_at < $2`, w.from, w.to);
    const exact = raw.filter((r) => r.created_at >= w.exactFrom);
    const by = (rows: typeof raw, wallet: string) => rows.filter((r) => r.wallet === wallet);

    const failure = await measure(t.db, spec("failure_rate"), at);
    for (const wallet of ["KAKAOPAY", "TNG", "ALIPAYHK"]) {
      const mine = by(exact, wallet);
      const decided = mine.filter((r) => ["SUCCESS", "REFUNDED", "FAILED"].includes(r.status)).length;
      expect(failure.get(wallet), wallet).toEqual({ value: (100 * mine.filter((r) => r.status === "FAILED").length) / decided, volume: decided });
    }
    const backlog = await measure(t.db, spec("backlog"), at);
    const toss = by(exact, "ALIPAYHK");
    expect(backlog.get("ALIPAYHK")).toEqual({ value: toss.filter((r) => r.status === "UNKNOWN" || r.status === "PENDING").length, volume: toss.length });
    expect(backlog.get("ALIPAYHK")!.value).toBeGreaterThan(0);

    // percentiles come from the bucket histograms: the whole-bucket window, binned as the rollups bin
    const latency = await measure(t.db, spec("latency_p95", { threshold: 1000 }), at);
    const hist = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
    for (const r of by(raw, "ALIPAYHK")) if (r.latency_ms !== null) hist[binOf(LATENCY_BOUNDS_MS, r.latency_ms)]++;
    expect(latency.get("ALIPAYHK")).toEqual({ value: histogramQuantile(LATENCY_BOUNDS_MS, hist, 0.95), volume: by(raw, "ALIPAYHK").filter((r) => r.latency_ms !== null).length });

    // August had 3 AlipayHK payments a minute on 3 of 31 evenings at 20:00: 3 x 60 / (31 x 60) a minute, over the 7 minutes
    const drop = await measure(t.db, spec("volume_drop", { threshold: 50 }), at);
    const expected = ((3 * 60) / (31 * 60)) * ((at.getTime() - w.exactFrom.getTime()) / 60_000);
    const now = toss.filter((r) => r.status === "SUCCESS").length;
    expect(drop.get("ALIPAYHK")!.value).toBeCloseTo((100 * now) / expected, 6);
    expect(drop.get("ALIPAYHK")!.volume).toBe(Math.round(expected));
  });

  it("two evaluators at the same moment: one does the pass, the other stands aside", async () => {
    const passes = await Promise.all([evaluateRules(t.db, new Date(min(31))), evaluateRules(t.db, new Date(min(31)))]);
    expect(passes.filter((p) => !p.skipped).length).toBeGreaterThanOrEqual(1);
    expect(await t.db.incident.count({ where: { subject: "KAKAOPAY" } })).toBe(1);
  });

  it("ops acknowledge, mute and resolve; a muted incident pages nobody; a failing receiver is retried, then given up with the reason", async () => {
    const tng = await t.db.incident.findFirstOrThrow({ where: { subject: "TNG", status: "OPEN" } });
    const acked = await actOnIncident(t.db, tng.id, { action: "acknowledge", note: "looking" }, "ops@demo.hz", new Date(min(32)));
    expect(acked).toMatchObject({ status: "ACKNOWLEDGED", acknowledgedBy: "ops@demo.hz" });
    await actOnIncident(t.db, tng.id, { action: "mute", minutes: 60 }, "ops@demo.hz", new Date(min(32)));
    const resolved = await actOnIncident(t.db, tng.id, { action: "resolve" }, "ops@demo.hz", new Date(min(33)));
    expect(resolved.events.map((e) => [e.kind, e.actor])).toEqual([
      ["fired", null], ["acknowledged", "ops@demo.hz"], ["muted", "ops@demo.hz"], ["resolved", "ops@demo.hz"],
    ].filter((e) => e[0] !== "recovering"));
    await expect(actOnIncident(t.db, tng.id, { action: "acknowledge" }, "ops@demo.hz")).rejects.toThrow(/resolved/);
    // resolved muted: no "resolved" notification
    expect(await t.db.notification.count({ where: { incidentId: tng.id } })).toBe(1);

    // a rule whose receiver is down: retried with backoff, then FAILED with the reason
    hook.failNext("/down", 500, 500, 500, 500, 500, 500);
    const down = await rule({ name: "Any failure", groupBy: null, threshold: 1, recoverAt: 0, pendingSeconds: 0, webhookUrl: hook.url("/down") });
    // at +30 min, the last moment with payments ingested above
    let at = min(30);
    await evaluateRules(t.db, new Date(at));
    for (let i = 0; i < 8; i++) await deliverNotifications(t.db, new Date((at += 60_000)), { baseBackoffMs: 10 });
    const n = await t.db.notification.findFirstOrThrow({ where: { ruleId: down.id } });
    expect(n).toMatchObject({ status: "FAILED", attempts: 6 });
    expect(n.lastError).toBe("HTTP 500: scripted failure 500 (attempt 6, giving up)");
  });

  it("the rules API says what is wrong with a rule; disabling one resolves its open incidents", async () => {
    const { cookie } = await sessionCookieFor(t.db, "OPS");
    const req = (url: string, method: string, body: unknown) =>
      new Request(`http://test${url}`, { method, headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
    const bad = await createRuleRoute(req("/api/alerts/rules", "POST", { name: "x", kind: "failure_rate", windowMinutes: 0, threshold: 120, wallets: ["NOPE"], webhookUrl: "ftp://x" }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).message).toBe("The request is invalid: wallets: unknown wallet NOPE; windowMinutes: Too small: expected number to be >=1; webhookUrl: must be an http:// or https:// URL.");
    const spec = { name: "Overall failures", kind: "failure_rate", groupBy: null, windowMinutes: 2, threshold: 1, recoverAt: 0, minVolume: 1, pendingSeconds: 0, recoverySeconds: 0 };
    const created = await createRuleRoute(req("/api/alerts/rules", "POST", spec));
    expect(created.status).toBe(201);
    const { rule } = await created.json();
    await evaluateRules(t.db, new Date(min(5)));
    expect(await t.db.incident.count({ where: { ruleId: rule.id, status: "OPEN" } })).toBe(1);
    const off = await updateRuleRoute(req(`/api/alerts/rules/${rule.id}`, "PUT", { ...spec, enabled: false }), { params: Promise.resolve({ id: rule.id }) });
    expect(off.status).toBe(200);
    const closed = await t.db.incident.findFirstOrThrow({ where: { ruleId: rule.id }, include: { events: true } });
    expect(closed.status).toBe("RESOLVED");
    expect(closed.resolvedBy).toMatch(/^ops-/);
    expect(closed.events.map((e) => e.text)).toContain("the rule was disabled");
    expect(await t.db.alertState.count({ where: { ruleId: rule.id } })).toBe(0);
  });
});
