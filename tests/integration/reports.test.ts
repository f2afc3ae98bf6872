import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/[metric]/route";
import { POST as createRoute, GET as listRoute } from "@/app/api/admin/reports/route";
import { POST as runRoute } from "@/app/api/admin/reports/[id]/run/route";
import { GET as fileRoute } from "@/app/api/admin/reports/runs/[id]/file/route";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { signature } from "@/lib/webhooks/sign";
import { failInterrupted, runDueReports, type RunnerOptions } from "@/lib/reports/runner";
import { createSchedule, getRun } from "@/lib/reports/schedules";
import { reportSpecSchema, type ReportSpecInput } from "@/lib/reports/spec";
import { csvTable } from "../helpers/parse-export";
import { pdfPages } from "../helpers/pdf-text";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { webhookReceiver } from "../helpers/webhook-receiver";
import { createTestDatabase, freePort, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();
// the schedules are defined "before the Games", so the runs below are due at the times the tests pick
const DEFINED = new Date("2023-09-01T00:00:00+08:00");

describe.skipIf(skip)("scheduled reports", () => {
  let t: TestDatabase;
  let admin: { cookie: string; userId: string };
  let official: string;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let dir: string;
  let opts: RunnerOptions;
  const define = (spec: Partial<ReportSpecInput>) =>
    createSchedule(t.db, reportSpecSchema.parse({ name: "Daily adoption", kind: "table", metric: "adoption", view: "by-wallet", format: "csv", period: "previous-day", cadence: "day", at: "08:00", ...spec }), admin.userId, DEFINED);
  const post = (url: string, body?: unknown) =>
    new Request(`http://test${url}`, { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json" }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    await ingestTransactions(t.db, [
      ...Array.from({ length: 30 }, (_, i) => walletRow({ externalId: `K-${i}`, payerId: `kakao-${i}`, createdAt: `2023-09-30T${String(10 + (i % 8)).padStart(2, "0")}:00:00+08:00` })),
      ...Array.from({ length: 24 }, (_, i) =>
        walletRow({ externalId: `H-${i}`, wallet: "HIPAY", currency: "MNT", amount: "48000.00", amountCny: "100.00", payerId: `hipay-${i % 3}`, merchantId: "M-TEST-2", createdAt: `2023-09-30T12:${String(i).padStart(2, "0")}:00+08:00` }),
      ),
      ...Array.from({ length: 12 }, (_, i) => walletRow({ externalId: `D-${i}`, payerId: `day2-${i}`, createdAt: `2023-10-01T09:${String(i).padStart(2, "0")}:00+08:00` })),
    ]);
    await foldChanges(t.db);
    useAppDatabase(t.url);
    admin = await sessionCookieFor(t.db, "ADMIN");
    official = (await sessionCookieFor(t.db, "OFFICIAL")).cookie;
    hook = await webhookReceiver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-reports-"));
    opts = { reportsDir: dir, delivery: { retryDelaysMs: [20, 40], timeoutMs: 5_000 } };
  });
  afterAll(async () => {
    await hook?.close();
    await releaseAppDatabase();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    hook.reset();
    await t.db.reportSchedule.deleteMany();
  });

  it("runs a due report once, as its audience sees it, to the folder and a signed webhook", async () => {
    const s = await define({ folder: "daily", webhooks: [hook.url()] });
    // at 07:59 on 1 Oct the latest occurrence is 30 Sep 08:00 (the definition is older, so it is due)
    const first = await runDueReports(t.db, opts, new Date("2023-10-01T07:59:00+08:00"));
    expect(first.map((r) => r.scheduledFor.toISOString())).toEqual(["2023-09-30T00:00:00.000Z"]);
    hook.reset();
    const runs = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:30+08:00"));
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run).toMatchObject({ status: "SUCCEEDED", error: null, rangeFrom: "2023-09-30", rangeTo: "2023-09-30", trigger: "schedule", contentType: "text/csv; charset=utf-8" });
    expect(run.deliveries.map((d) => [d.kind, d.ok, d.attempts])).toEqual([["folder", true, 1], ["webhook", true, 1]]);

    // the same rows an official downloads from the widget for that day
    const screen = await exportRoute(new Request("http://test/api/export/adoption?from=2023-09-30&to=2023-09-30&view=by-wallet&format=csv", { headers: { cookie: official } }), { params: Promise.resolve({ metric: "adoption" }) });
    const expected = csvTable(await screen.text()).rows;
    expect(expected.find((r) => r[1] === "HIPAY")![2]).toBe("< 10");
    const written = fs.readFileSync(path.join(dir, "daily", run.fileName!));
    expect(csvTable(written.toString("utf8")).rows).toEqual(expected);
    expect(run.rows).toBe(expected.length);
    expect(csvTable(written.toString("utf8")).meta.get("Exported by")).toMatch(/\(scheduled report "Daily adoption"\) \(official\)$/);

    expect(hook.received).toHaveLength(1);
    const got = hook.received[0]!;
    expect(got.body.equals(written)).toBe(true);
    expect(got.headers["x-hpm-signature"]).toBe(signature(s.secret, String(got.headers["x-hpm-timestamp"]), got.body));
    expect(got.headers["x-hpm-signature"]).not.toBe(signature("wrong-secret", String(got.headers["x-hpm-timestamp"]), got.body));
    expect(got.headers["x-hpm-range"]).toBe("2023-09-30/2023-09-30");

    // due again only at the next occurrence, however often the scheduler looks
    expect(await runDueReports(t.db, opts, new Date("2023-10-01T09:00:00+08:00"))).toHaveLength(0);
    expect(await t.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(2);
  });

  it("keeps the dashboard's near-venue filter: the file holds the payments near the chosen venue only", async () => {
    // the venue nearest to the HiPay payments' merchant, and the smallest radius that reaches it
    const [m] = await t.db.$queryRawUnsafe<{ venue: string; ring: number }[]>(
      `SELECT nearest_venue_code AS venue, (SELECT min(r) FROM unnest(ARRAY[250, 500, 1000, 2000, 5000]) r WHERE r >= venue_distance_m) AS ring
       FROM merchants WHERE id = 'M-TEST-2'`,
    );
    expect(m!.ring).not.toBeNull();
    const ops = (await sessionCookieFor(t.db, "OPS")).cookie;
    const s = await define({ folder: "near", audienceRole: "OPS", radiusM: m!.ring, venues: [m!.venue] });
    expect([s.radiusM, s.venueCodes]).toEqual([m!.ring, [m!.venue]]);
    const [run] = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:00+08:00"));
    expect(run!.status).toBe("SUCCEEDED");
    const query = `from=2023-09-30&to=2023-09-30&view=by-wallet&format=csv&venues=${m!.venue}&radiusM=${m!.ring}`;
    const screen = await exportRoute(new Request(`http://test/api/export/adoption?${query}`, { headers: { cookie: ops } }), { params: Promise.resolve({ metric: "adoption" }) });
    const expected = csvTable(await screen.text());
    const written = csvTable(fs.readFileSync(path.join(dir, "near", run!.fileName!)).toString("utf8"));
    expect(written.rows).toEqual(expected.rows);
    expect(written.meta.get("Near venues")).toBe(`within ${m!.ring} m of ${m!.venue} (the merchant's nearest venue)`);
    // the 24 HiPay payments of M-TEST-2, not the 30 KakaoPay ones elsewhere in town
    const sums = await t.db.$queryRawUnsafe<{ wallet: string; n: bigint }[]>(
      `SELECT t.wallet_code AS wallet, count(*) AS n FROM transactions t JOIN merchants x ON x.id = t.merchant_id
       WHERE x.nearest_venue_code = $1 AND x.venue_distance_m <= $2 AND t.created_at >= '2023-09-30T00:00:00+08:00' AND t.created_at < '2023-10-01T00:00:00+08:00'
       GROUP BY 1 ORDER BY 1`,
      m!.venue,
      m!.ring,
    );
    expect(written.rows.map((r) => [r[1], r[2]])).toEqual(sums.map((x) => [x.wallet, String(x.n)]));
    expect(written.rows.map((r) => r[1])).toContain("HIPAY");

    expect(reportSpecSchema.safeParse({ name: "x", kind: "briefing", format: "pdf", period: "games", cadence: "day", at: "08:00", folder: "x", venues: [m!.venue] }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["radiusM", "venues need a radiusM"]]);
    expect(reportSpecSchema.safeParse({ name: "x", kind: "briefing", format: "pdf", period: "games", cadence: "day", at: "08:00", folder: "x", radiusM: 1500, venues: ["atlantis"] }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["radiusM", "must be one of 250, 500, 1000, 2000, 5000 (metres)"],
      ["venues", "unknown venue atlantis"],
    ]);
  });

  it("two processes looking at the same moment run a report once", async () => {
    const s = await define({ folder: "twice" });
    const both = await Promise.all([runDueReports(t.db, opts, new Date("2023-10-02T08:01:00+08:00")), runDueReports(t.db, opts, new Date("2023-10-02T08:01:00+08:00"))]);
    expect(both.flat()).toHaveLength(1);
    expect(await t.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(1);
  });

  it("after a stop runs only the latest missed occurrence, and nothing before the definition", async () => {
    const s = await createSchedule(t.db, reportSpecSchema.parse({ name: "Late", kind: "briefing", format: "pdf", period: "previous-day", cadence: "day", at: "08:00", folder: "late" }), admin.userId, new Date("2023-10-03T09:00:00+08:00"));
    expect(await runDueReports(t.db, opts, new Date("2023-10-03T12:00:00+08:00"))).toHaveLength(0);
    const runs = await runDueReports(t.db, opts, new Date("2023-10-06T20:00:00+08:00"));
    expect(runs.map((r) => [r.scheduledFor.toISOString(), r.rangeFrom, r.status])).toEqual([["2023-10-06T00:00:00.000Z", "2023-10-05", "SUCCEEDED"]]);
    expect(await t.db.reportRun.count({ where: { scheduleId: s.id } })).toBe(1);
  });

  it("retries a failing webhook with backoff, and records why a delivery failed", async () => {
    await define({ webhooks: [hook.url("/flaky")] });
    hook.failNext("/flaky", 503, 500);
    const [ok] = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:00+08:00"));
    expect(ok!.status).toBe("SUCCEEDED");
    expect(ok!.deliveries[0]).toMatchObject({ ok: true, attempts: 3, detail: "HTTP 200" });
    expect(hook.received).toHaveLength(3);

    hook.reset();
    await t.db.reportSchedule.deleteMany();
    await define({ webhooks: [hook.url("/down"), hook.url("/refuses?token=secret")], folder: "kept" });
    hook.failNext("/down", 500, 500, 500);
    // a receiver that refuses the request itself is not asked again
    hook.failNext("/refuses", 400, 400, 400);
    const [failed] = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:00+08:00"));
    expect(failed!.status).toBe("FAILED");
    const byTo = Object.fromEntries(failed!.deliveries.map((d) => [d.to, d]));
    expect(byTo[hook.url("/down")]).toMatchObject({ ok: false, attempts: 3 });
    expect(byTo[`${hook.url("/refuses")}?…`]).toMatchObject({ ok: false, attempts: 1, detail: "HTTP 400: scripted failure 400 (not retried)" });
    expect(byTo["folder kept"]).toMatchObject({ ok: true });
    expect(failed!.error).toMatch(/^2 of 3 deliveries failed: http:\/\/127\.0\.0\.1:\d+\/down: HTTP 500: scripted failure 500; http:\/\/127\.0\.0\.1:\d+\/refuses\?…: HTTP 400/);
    expect(hook.received.filter((r) => r.path.startsWith("/refuses"))).toHaveLength(1);
    expect(JSON.stringify(failed!.deliveries)).not.toContain("token=secret");

    await t.db.reportSchedule.deleteMany();
    await define({ webhooks: [`http://127.0.0.1:${await freePort()}/nobody-listens`] });
    const [refused] = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:00+08:00"));
    expect(refused!.error).toMatch(/nobody-listens: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(refused!.deliveries[0]!.attempts).toBe(3);
  });

  it("a report that cannot be built fails with the reason, and a cut-off run is marked failed", async () => {
    const s = await define({ folder: "broken" });
    // e.g. a view removed by an upgrade after the report was defined
    await t.db.reportSchedule.update({ where: { id: s.id }, data: { view: "by-planet" } });
    const [run] = await runDueReports(t.db, opts, new Date("2023-10-01T08:00:00+08:00"));
    expect(run).toMatchObject({ status: "FAILED", fileName: null });
    expect(run!.error).toMatch(/^Could not build the report: adoption has the views .* not by-planet\.$/);
    expect(fs.existsSync(path.join(dir, "broken"))).toBe(false);

    await t.db.reportRun.create({ data: { id: crypto.randomUUID(), scheduleId: s.id, scheduledFor: new Date("2023-10-02T00:00:00Z"), trigger: "schedule", status: "RUNNING", startedAt: new Date("2023-10-02T00:00:00Z") } });
    expect(await failInterrupted(t.db, new Date("2023-10-02T00:10:00Z"))).toBe(0);
    expect(await failInterrupted(t.db, new Date("2023-10-02T00:16:00Z"))).toBe(1);
    const cut = await t.db.reportRun.findFirst({ where: { scheduledFor: new Date("2023-10-02T00:00:00Z") } });
    expect(cut).toMatchObject({ status: "FAILED" });
    expect(cut!.error).toMatch(/^Interrupted/);
  });

  it("the admin API creates a report, refuses a bad one with reasons, runs it now and serves the kept file", async () => {
    const bad = await createRoute(post("/api/admin/reports", { name: "", kind: "table", metric: "operations", view: "series", format: "pdf", period: "previous-day", cadence: "day", at: "8am" }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).message).toBe("The request is invalid: name: name is required; at: must be a time like 08:00 (or a minute like 15 for hourly); format: a table is exported as csv or xlsx; webhooks: name a folder or at least one webhook to deliver to.");
    const ops = await createRoute(post("/api/admin/reports", { name: "Ops table for officials", kind: "table", metric: "operations", view: "series", format: "csv", period: "previous-day", cadence: "day", at: "08:00", folder: "x" }));
    expect(ops.status).toBe(422);
    expect((await ops.json()).message).toMatch(/^audienceRole: operations is for ops and above/);
    expect((await createRoute(post("/api/admin/reports", "{not json"))).status).toBe(400);
    expect(await t.db.reportSchedule.count()).toBe(0);

    const res = await createRoute(post("/api/admin/reports", { name: "Golden Week briefing (中文)", kind: "briefing", format: "pdf", lang: "zh", period: "golden-week", cadence: "week", weekday: 1, at: "07:30", folder: "briefings", webhooks: [hook.url()] }));
    expect(res.status).toBe(201);
    const { report } = await res.json();
    const listed = (await (await listRoute(new Request("http://test/api/admin/reports", { headers: { cookie: admin.cookie } }))).json()).reports;
    expect(listed.map((r: { name: string; nextRunAt: string }) => [r.name, new Date(r.nextRunAt).getUTCDay(), new Date(r.nextRunAt).toISOString().slice(11, 16)])).toEqual([["Golden Week briefing (中文)", 0, "23:30"]]);

    const started = await runRoute(post(`/api/admin/reports/${report.id}/run`), { params: Promise.resolve({ id: report.id }) });
    expect(started.status).toBe(202);
    const { runId } = await started.json();
    let run = await getRun(t.db, runId);
    for (let i = 0; i < 200 && run!.status === "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await getRun(t.db, runId);
    }
    expect(run).toMatchObject({ status: "SUCCEEDED", trigger: "manual", rangeFrom: "2023-09-29", rangeTo: "2023-10-06", contentType: "application/pdf" });
    const file = await fileRoute(new Request(`http://test/api/admin/reports/runs/${runId}/file`, { headers: { cookie: admin.cookie } }), { params: Promise.resolve({ id: runId }) });
    expect(file.status).toBe(200);
    const pdf = new Uint8Array(await file.arrayBuffer());
    expect(Buffer.from(pdf).equals(hook.received[0]!.body)).toBe(true);
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(4);
    expect(pages[0]).toContain("杭州支付监测");
    // 66 payments in Golden Week, 24 of them HiPay from 3 payers (all wallets shown)
    expect(pages[0]).toContain("66");
    const actions = (await t.db.auditEntry.findMany({ where: { action: { in: ["report_created", "report_run"] } } })).map((a) => a.action).sort();
    expect(actions).toEqual(["report_created", "report_run"]);
  });
});
