import ExcelJS from "exceljs";
import { foldChanges } from "@/lib/store/fold";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/[metric]/route";
import { GET as adoptionRoute } from "@/app/api/metrics/adoption/route";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { exportTransactions, rawExportQuerySchema } from "@/lib/export/raw-transactions";
import { exportViews } from "@/lib/export/tables";
import type { SessionUser } from "@/lib/auth/roles";
import { runMetric, scopedQuery } from "@/lib/http/metric-route";
import { buildBriefing } from "@/lib/export/briefing";
import { walletName } from "@/lib/dashboard/labels";
import { formatCny, formatCompact, formatInt } from "@/lib/format";
import { pdfPages } from "../helpers/pdf-text";
import { LOCALE_COOKIE, messages } from "@/lib/i18n/messages";
import { planSimulation } from "@/lib/simulate/generate";
import { runSimulation } from "@/lib/simulate/run";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { ingestTransactions } from "@/lib/ingest/transactions";
import { METRICS, type MetricName } from "@/lib/metrics/registry";
import { csvTable, readXlsx } from "../helpers/parse-export";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();
const EVIL = '=HYPERLINK("http://evil.example/steal","Click")';
const RANGE = "from=2023-09-30&to=2023-09-30";

describe.skipIf(skip)("CSV and XLSX exports match the API, for each role", () => {
  let t: TestDatabase;
  const cookies: Record<"official" | "ops", string> = { official: "", ops: "" };
  const call = (path: string, cookie: string, metric: string) =>
    exportRoute(new Request(`http://test${path}`, { headers: { cookie } }), { params: Promise.resolve({ metric }) });
  const api = async (name: MetricName, query: string, cookie: string) => {
    const route = (await import(`@/app/api/metrics/${name}/route`)).GET as typeof adoptionRoute;
    const res = await route(new Request(`http://test/api/metrics/${name}?${query}`, { headers: { cookie } }));
    expect(res.status, name).toBe(200);
    return (await res.json()).data;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, [...TEST_MERCHANTS, { id: "M-EVIL", name: EVIL, districtCode: "xihu", category: "RETAIL", lat: 30.25, lon: 120.15, onboardedOn: "2023-01-01" }]);
    await ingestTransactions(t.db, [
      // Kakao Pay: 30 visitors; HiPay: 24 payments from 3 visitors (hidden from officials)
      ...Array.from({ length: 30 }, (_, i) => walletRow({ externalId: `K-${i}`, payerId: `kakao-${i}`, createdAt: `2023-09-30T${String(10 + (i % 8)).padStart(2, "0")}:00:00+08:00` })),
      ...Array.from({ length: 24 }, (_, i) =>
        walletRow({ externalId: `H-${i}`, wallet: "HIPAY", currency: "MNT", amount: "48000.00", amountCny: "100.00", payerId: `hipay-${i % 3}`, merchantId: "M-TEST-2", createdAt: `2023-09-30T12:${String(i).padStart(2, "0")}:00+08:00` }),
      ),
      walletRow({ externalId: "EVIL-1", merchantId: "M-EVIL", payerId: "evil-1", status: "FAILED", resultCode: "RISK_REJECT", createdAt: "2023-09-30T20:00:00+08:00" }),
      walletRow({ externalId: "EVIL-2", merchantId: "M-EVIL", payerId: "evil-2", createdAt: "2023-09-30T20:05:00+08:00" }),
    ]);
    await foldChanges(t.db);
    useAppDatabase(t.url);
    cookies.official = (await sessionCookieFor(t.db, "OFFICIAL")).cookie;
    cookies.ops = (await sessionCookieFor(t.db, "OPS")).cookie;
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("adoption by wallet: the CSV and the XLSX hold the API's figures, small cells hidden for officials only", async () => {
    for (const who of ["official", "ops"] as const) {
      const data = await api("adoption", RANGE, cookies[who]);
      const csvRes = await call(`/api/export/adoption?${RANGE}&view=by-wallet&format=csv`, cookies[who], "adoption");
      expect(csvRes.status).toBe(200);
      expect(csvRes.headers.get("content-disposition")).toBe('attachment; filename="hangzhou-pay-monitor_adoption_by-wallet_2023-09-30_2023-09-30.csv"');
      const csv = csvTable(await csvRes.text());
      expect(csv.meta.get("Time zone")).toMatch(/^Asia\/Shanghai/);
      expect(csv.meta.get("From")).toBe("2023-09-30");
      expect(csv.meta.get("Generated at")).toMatch(/\(2\d{3}-\d\d-\d\dT/);
      const expected = data.byWallet.map((w: { key: string; payments: number | null; volumeCny: string | null; suppressed?: string }) =>
        [w.key, w.suppressed ?? String(w.payments), w.suppressed ?? w.volumeCny]);
      expect(csv.rows.map((r) => [r[1], r[2], r[3]])).toEqual(expected);
      const hipay = csv.rows.find((r) => r[1] === "HIPAY")!;
      expect(hipay[2]).toBe(who === "official" ? "< 10" : "24");

      const xlsx = await readXlsx(await (await call(`/api/export/adoption?${RANGE}&view=by-wallet&format=xlsx`, cookies[who], "adoption")).arrayBuffer());
      const sheet = [...xlsx.entries()].find(([name]) => name !== "About")![1];
      expect(sheet.slice(1).map((r) => [r[1]!.value, r[2]!.value, r[3]!.value])).toEqual(
        expected.map(([k, p, v]: string[]) => [k, p === "< 10" ? p : Number(p), v === "< 10" ? v : Number(v)]),
      );
      expect(xlsx.get("About")!.find((r) => r[0]!.value === "Time zone")![1]!.value).toMatch(/^Asia\/Shanghai/);
    }
  });

  it("in Chinese every metadata line and column heading of the file is Chinese", async () => {
    const zh = `${cookies.ops}; ${LOCALE_COOKIE}=zh`;
    for (const [metric, view] of [["operations", "latency"], ["adoption", "totals"], ["fx-spreads", "daily"]]) {
      const csv = csvTable(await (await call(`/api/export/${metric}?${RANGE}&view=${view}&format=csv`, zh, metric!)).text());
      expect(csv.meta.get(messages.zh.dash.meta.timeZone)).toBe(messages.zh.dash.meta.timeZoneValue);
      for (const key of [...csv.meta.keys(), ...csv.header]) expect(key, `${metric}/${view}`).toMatch(/[\u4e00-\u9fff]/);
    }
    const xlsx = await readXlsx(await (await call(`/api/export/adoption?${RANGE}&view=by-wallet&format=xlsx`, zh, "adoption")).arrayBuffer());
    expect([...xlsx.keys()][0]).toBe(messages.zh.dash.meta.sheet);
  });

  it("every view of every metric a role may see exports one row per item of the API's answer", async () => {
    const lengths: Record<string, (d: never) => number> = {
      "adoption/totals": () => 9, "adoption/by-wallet": (d: { byWallet: [] }) => d.byWallet.length, "adoption/by-country": (d: { byCountry: [] }) => d.byCountry.length,
      "adoption/daily": (d: { daily: [] }) => d.daily.length, "adoption/daily-by-channel": (d: { dailyByChannel: [] }) => d.dailyByChannel.length,
      "adoption/daily-by-country": (d: { dailyByCountry: [] }) => d.dailyByCountry.length, "adoption/payers": (d: { payers: unknown }) => (d.payers ? 1 : 0),
      "adoption/coverage": (d: { merchantCoverage: { daily: [] } }) => d.merchantCoverage.daily.length,
      "districts/by-district": (d: { byDistrict: [] }) => d.byDistrict.length, "districts/heatmap": (d: { heatmap: [] }) => d.heatmap.length,
      "fx-spreads/ranking": (d: { bySource: [] }) => d.bySource.length, "fx-spreads/daily": (d: { daily: [] }) => d.daily.length,
      "fx-spreads/distribution": (d: { distribution: [] }) => d.distribution.length, "venue-effects/venues": (d: { venues: [] }) => d.venues.length,
      "operations/series": (d: { series: [] }) => d.series.length, "operations/codes": (d: { topCodes: [] }) => d.topCodes.length,
      "operations/latency": (d: { latency: { byWallet: object } }) => Object.keys(d.latency.byWallet).length,
      "failures/failures": (d: { failures: [] }) => d.failures.length, "fx-outliers/outliers": (d: { outliers: [] }) => d.outliers.length,
      "top-merchants/merchants": (d: { byDistrict: { merchants: [] }[] }) => d.byDistrict.reduce((n, x) => n + x.merchants.length, 0),
      "transactions/transactions": (d: { rows: [] }) => d.rows.length,
    };
    for (const name of Object.keys(METRICS) as MetricName[]) {
      const cookie = METRICS[name].role === "OFFICIAL" ? cookies.official : cookies.ops;
      const data = await api(name, RANGE, cookie);
      for (const view of exportViews(name)) {
        const res = await call(`/api/export/${name}?${RANGE}&view=${view}&format=csv`, cookie, name);
        expect(res.status, `${name}/${view}`).toBe(200);
        const rows = csvTable(await res.text()).rows;
        expect(rows.length, `${name}/${view}`).toBe(lengths[`${name}/${view}`]!(data as never));
        expect(Number(res.headers.get("x-export-rows"))).toBe(rows.length);
      }
      const all = await readXlsx(await (await call(`/api/export/${name}?${RANGE}&view=all&format=xlsx`, cookie, name)).arrayBuffer());
      expect(all.size, name).toBe(exportViews(name).length + 1);
    }
  });

  it("a merchant named like a formula is shown as text in CSV and XLSX, never evaluated", async () => {
    for (const [metric, view] of [["failures", "failures"], ["transactions", "transactions"], ["top-merchants", "merchants"]] as const) {
      const csv = await (await call(`/api/export/${metric}?${RANGE}&view=${view}&format=csv`, cookies.ops, metric)).text();
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/steal"",""Click"")"`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
      const buf = await (await call(`/api/export/${metric}?${RANGE}&view=${view}&format=xlsx`, cookies.ops, metric)).arrayBuffer();
      const cells = [...(await readXlsx(buf)).values()].flat(2);
      const evil = cells.filter((c) => typeof c.value === "string" && c.value.includes("HYPERLINK"));
      expect(evil.length, metric).toBeGreaterThan(0);
      for (const c of evil) {
        expect(c.type).toBe(ExcelJS.ValueType.String);
        expect(c.value).toBe(`'${EVIL}`);
      }
      expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    }
  });

  it("writes an audit entry per export and refuses bad requests with the reason", async () => {
    const before = await t.db.auditEntry.count({ where: { action: "export" } });
    await call(`/api/export/districts?${RANGE}&view=heatmap&format=xlsx`, cookies.official, "districts");
    const last = await t.db.auditEntry.findFirst({ where: { action: "export" }, orderBy: { at: "desc" } });
    expect(await t.db.auditEntry.count({ where: { action: "export" } })).toBe(before + 1);
    expect(last).toMatchObject({ target: "districts/heatmap.xlsx" });
    expect(last!.actorEmail).toMatch(/^official-/);

    const bad = async (path: string, metric: string, cookie = cookies.official) => {
      const res = await call(path, cookie, metric);
      return { status: res.status, message: (await res.json()).message as string };
    };
    expect(await bad(`/api/export/adoption?${RANGE}&view=nope&format=csv`, "adoption")).toMatchObject({ status: 400, message: expect.stringContaining("not nope") });
    expect(await bad(`/api/export/adoption?${RANGE}&view=all&format=csv`, "adoption")).toMatchObject({ status: 400 });
    expect(await bad(`/api/export/adoption?${RANGE}&view=totals&format=pdf`, "adoption")).toMatchObject({ status: 400, message: expect.stringContaining("csv or xlsx") });
    expect(await bad(`/api/export/adoption?from=2023-10-05&to=2023-10-01&view=totals&format=csv`, "adoption")).toMatchObject({ status: 400, message: expect.stringContaining("before") });
    expect(await bad(`/api/export/nothing?${RANGE}&view=x&format=csv`, "nothing")).toMatchObject({ status: 404 });
    expect(await bad(`/api/export/transactions?${RANGE}&view=transactions&format=csv`, "transactions")).toMatchObject({ status: 403 });
    expect(await t.db.auditEntry.count({ where: { action: "export" } })).toBe(before + 1);
  });
});

describe.skipIf(skip)("raw transaction export, streamed", () => {
  let t: TestDatabase;
  let ops: SessionUser;
  const lang = { locale: "en" as const, t: messages.en };
  const RAW_RANGE = "from=2023-09-30&to=2023-10-01";

  beforeAll(async () => {
    t = await createTestDatabase();
    await runSimulation(t.db, planSimulation({ seed: 5, transactions: 6_000, days: ["2023-09-30", "2023-10-01"] }));
    await upsertMerchants(t.db, [{ id: "M-EVIL", name: EVIL, districtCode: "xihu", category: "RETAIL", lat: 30.25, lon: 120.15, onboardedOn: "2023-01-01" }]);
    await ingestTransactions(t.db, [walletRow({ externalId: "EVIL-1", merchantId: "M-EVIL", payerId: "evil-1", createdAt: "2023-10-01T20:00:00+08:00" })]);
    await foldChanges(t.db);
    const { userId } = await sessionCookieFor(t.db, "OPS");
    ops = { id: userId, email: "ops@test", name: "ops", role: "OPS", districts: [] };
  });
  afterAll(async () => t?.close());

  const start = (format: "csv" | "xlsx", extra = "", opts = {}) => {
    const query = new URLSearchParams(`${RAW_RANGE}&format=${format}${extra}`);
    const { filter, options } = scopedQuery(query, ops, rawExportQuerySchema);
    return exportTransactions(t.db, ops, filter, options, query, lang, null, { page: 100, ...opts });
  };
  const expectedIds = async (where = "") =>
    (await t.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT external_id AS id FROM transactions WHERE created_at >= '2023-09-30T00:00:00+08:00' AND created_at < '2023-10-02T00:00:00+08:00' ${where}
       ORDER BY created_at DESC, external_id DESC`,
    )).map((r) => r.id);

  it("CSV: every matching payment exactly once, newest first, the formula merchant neutralised", async () => {
    const file = await start("csv");
    expect(file.fileName).toBe("hangzhou-pay-monitor_transactions_2023-09-30_2023-10-01.csv");
    const text = await new Response(file.stream).text();
    const csv = csvTable(text);
    const ids = await expectedIds();
    // several pages of 100, the last one partial
    expect(ids.length).toBeGreaterThan(300);
    expect(ids.length % 100).not.toBe(0);
    expect(csv.rows.map((r) => r[1])).toEqual(ids);
    expect(csv.rows.find((r) => r[1] === "EVIL-1")![6]).toBe(`'${EVIL}`);
    const failedFile = await start("csv", "&status=FAILED");
    const failed = csvTable(await new Response(failedFile.stream).text());
    expect(failed.rows.map((r) => r[1])).toEqual(await expectedIds("AND status = 'FAILED'"));

    // what the progress bar counts against: the rollups' count equals the rows streamed; the header lines are known
    expect(file.expectedRows).toBe(csv.rows.length);
    expect(failedFile.expectedRows).toBe(failed.rows.length);
    expect(text.replace(/^\uFEFF/, "").split("\r\n").slice(file.headLines!)[0]).toBe(csv.rows[0]!.join(","));
    expect((await start("csv", "&q=EVIL")).expectedRows).toBeNull();
  });

  it("CSV: times in Asia/Shanghai as the header says, and the cost to payers of every settled payment with a spread", async () => {
    const csv = csvTable(await new Response((await start("csv")).stream).text());
    expect(csv.meta.get("Time zone")).toMatch(/^Asia\/Shanghai/);
    const costAt = csv.header.indexOf(messages.en.dash.fx.cost);
    const stored = new Map(
      (await t.db.$queryRawUnsafe<{ id: string; local: string; cost: string | null }[]>(
        `SELECT external_id AS id, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS.MS') AS local,
           CASE WHEN status IN ('SUCCESS', 'REFUNDED') THEN round(amount_cny * spread_bps / 10000, 2)::text END AS cost FROM transactions`,
      )).map((r) => [r.id, r]),
    );
    for (const row of csv.rows) {
      expect(row[0]).toBe(stored.get(row[1]!)!.local);
      expect(row[costAt] || null).toBe(stored.get(row[1]!)!.cost);
    }
    // the column was empty on every row before
    expect(csv.rows.filter((r) => r[costAt]).length).toBeGreaterThan(csv.rows.length / 2);
  });

  it("XLSX: splits into sheets at the row limit instead of dropping rows", async () => {
    const ids = await expectedIds();
    const sheets = await readXlsx(await new Response((await start("xlsx", "", { sheetRows: 150 })).stream).arrayBuffer());
    const data = [...sheets.entries()].filter(([name]) => name !== "About");
    expect(data.length).toBe(Math.ceil(ids.length / 149));
    for (const [, rows] of data) expect(rows.length).toBeLessThanOrEqual(150);
    expect(data.flatMap(([, rows]) => rows.slice(1).map((r) => r[1]!.value))).toEqual(ids);
  });

  it("stops reading when the client goes away", async () => {
    const reader = (await start("csv", "", { page: 100 })).stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("Time zone");
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
  });
});

describe.skipIf(skip)("PDF briefing", () => {
  let t: TestDatabase;
  let official: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase();
    await runSimulation(t.db, planSimulation({ seed: 9, transactions: 8_000, days: ["2023-08-10", "2023-09-30", "2023-10-01"] }));
    const { userId } = await sessionCookieFor(t.db, "OFFICIAL");
    official = { id: userId, email: "official@test", name: "official", role: "OFFICIAL", districts: [] };
  });
  afterAll(async () => t?.close());

  it("has four pages whose text holds the figures the API returns, in English and in Chinese", async () => {
    const query = new URLSearchParams("from=2023-09-30&to=2023-10-01");
    const adoption = (await runMetric("adoption", query, official, t.db)).data;
    const districts = (await runMetric("districts", query, official, t.db)).data;
    const wallet = adoption.byChannel.find((c) => c.key === "WALLET")!;
    const top = adoption.byWallet.filter((w) => w.payments !== null).sort((a, b) => b.payments! - a.payments!)[0]!;

    const en = await buildBriefing(t.db, official, query, { locale: "en", t: messages.en }, null);
    expect(en.fileName).toBe("hangzhou-pay-monitor_briefing_2023-09-30_2023-10-01_en.pdf");
    const pages = await pdfPages(new Uint8Array(en.pdf));
    expect(pages.length).toBe(4);
    expect(pages[0]).toContain(formatInt(wallet.payments!));
    expect(pages[0]).toContain(formatCny(wallet.volumeCny!));
    expect(pages[0]).toContain(`${walletName(top.key, "en", "cards")} (`);
    expect(pages[0]).toMatch(/led the wallets by payments/);
    const busiest = districts.byDistrict.filter((x) => x.volumeCny !== null).sort((a, b) => Number(b.volumeCny) - Number(a.volumeCny))[0]!;
    expect(pages[2]).toContain(formatCny(busiest.volumeCny!, "en", 0));
    expect(pages[3]).toMatch(/bp/);
    // the district map: its inset, every district named, the legend's top class ending at the busiest district's volume
    expect(pages[2]).toContain(messages.en.dash.districts.mapInset);
    for (const name of ["Chun'an", "Linping", "Qiantang", "Xihu", "Binjiang"]) expect(pages[2]).toContain(name);
    expect(pages[2]).toContain(`–${formatCompact(Number(busiest.volumeCny), "en")}`);

    const zh = await pdfPages(new Uint8Array((await buildBriefing(t.db, official, query, { locale: "zh", t: messages.zh }, null)).pdf));
    expect(zh[0]).toContain("杭州支付监测");
    expect(zh[0]).toContain(formatInt(wallet.payments!, "zh"));
    expect(zh[0]).toMatch(/境外钱包共完成/);
    expect(zh[2]).toContain(messages.zh.dash.districts.mapInset);
    expect(await t.db.auditEntry.count({ where: { action: "export", target: "briefing.pdf" } })).toBe(2);
  });
});
