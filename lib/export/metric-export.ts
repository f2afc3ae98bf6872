import "server-only";
import { z } from "zod";
import type { SessionUser } from "../auth/roles";
import { audit } from "../auth/audit";
import type { Db } from "../db/client";
import { formatShanghai } from "../format";
import { HttpError } from "../http/errors";
import { fill } from "../i18n/dashboard-messages";
import { reasonsOf, runMetric } from "../http/metric-route";
import type { Locale, Messages } from "../i18n/messages";
import { METRICS, type MetricName } from "../metrics/registry";
import { completedSimulation } from "../simulate/run";
import { safeFileName, type ExportMeta, type ExportTable } from "./cells";
import { toCsv } from "./csv";
import { exportTable, exportViews } from "./tables";
import { toXlsx } from "./xlsx";

export const exportQuerySchema = z.object({
  format: z.enum(["csv", "xlsx"], { message: "format must be csv or xlsx" }),
  /** a widget's table, or "all" (XLSX only: every table of the metric, a sheet each) */
  view: z.string().min(1).max(40),
});

export interface ExportFile {
  body: string | Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

const isMetric = (name: string): name is MetricName => Object.hasOwn(METRICS, name);

/**
 * A widget's figures as a file: the same metric answer the screen draws (same
 * filter, role, district scope and small-cell suppression), headed by what was
 * exported, for whom, when and in which time zone. Every export is audited.
 */
export async function exportMetric(
  db: Db,
  user: SessionUser,
  metric: string,
  query: URLSearchParams,
  lang: { locale: Locale; t: Messages },
  ip: string | null,
): Promise<ExportFile> {
  if (!isMetric(metric)) throw new HttpError(404, "not_found", `There is no metric ${metric}; known: ${Object.keys(METRICS).join(", ")}.`);
  const own = exportQuerySchema.safeParse({ format: query.get("format") ?? undefined, view: query.get("view") ?? undefined });
  if (!own.success) throw new HttpError(400, "invalid_export", `The export is invalid: ${reasonsOf(own.error).join("; ")}.`);
  const { format, view } = own.data;
  const views = exportViews(metric);
  const wanted = view === "all" && format === "xlsx" ? views : [view];
  if (!wanted.every((v) => views.includes(v))) {
    throw new HttpError(400, "invalid_export", `${metric} has the views ${views.join(", ")}${format === "xlsx" ? " and all" : ""}; not ${view}.`);
  }
  const rest = new URLSearchParams([...query].filter(([k]) => k !== "format" && k !== "view"));
  const [answer, simulated] = await Promise.all([runMetric(metric, rest, user, db), completedSimulation(db)]);
  const tables = wanted.map((v) => exportTable(metric, v, answer.data, lang.locale, lang.t)!);
  const meta = exportMeta(metric, tables, rest, user, answer.asOf, simulated !== null, lang);
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  await audit(db, { action: "export", actor: user, ip, target: `${metric}/${view}.${format}`, detail: { query: rest.toString(), rows } });
  const fileName = safeFileName(["hangzhou-pay-monitor", metric, view, rest.get("from") ?? "", rest.get("to") ?? ""], format);
  if (format === "csv") return { body: toCsv(meta, tables[0]!), contentType: "text/csv; charset=utf-8", fileName, rows };
  return { body: await toXlsx(meta, tables, lang.t.dash.meta.sheet), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName, rows };
}

export function exportMeta(metric: string, tables: Pick<ExportTable, "name">[], query: URLSearchParams, user: SessionUser, asOf: string, simulated: boolean, lang: { locale: Locale; t: Messages }): ExportMeta {
  const m = lang.t.dash.meta;
  const list = (k: string) => query.get(k) || m.all;
  const meta: ExportMeta = [
    [lang.t.appName, tables.map((t) => t.name).join("; ")],
    [m.metric, metric],
    [m.from, query.get("from") ?? ""],
    [m.to, fill(m.wholeDay, { day: query.get("to") ?? "" })],
    [m.timeZone, m.timeZoneValue],
    [m.wallets, list("wallets")],
    [m.channels, list("channels")],
    [m.districts, query.get("districts") || (user.districts.length ? user.districts.join(",") : m.all)],
    [m.categories, list("categories")],
    [m.near, query.get("radiusM") ? fill(m.nearValue, { m: query.get("radiusM")!, venues: query.get("venues") || m.anyVenue }) : m.noVenue],
    [m.generated, `${formatShanghai(asOf, lang.locale)} (${asOf})`],
    [m.asOf, fill(m.asOfValue, { at: asOf })],
    [m.exportedBy, `${user.email} (${user.role.toLowerCase()})`],
  ];
  const options = [...query].filter(([k]) => !["from", "to", "wallets", "channels", "districts", "categories", "venues", "radiusM"].includes(k));
  if (options.length) meta.push([m.options, options.map(([k, v]) => `${k}=${v}`).join(", ")]);
  if (user.role === "OFFICIAL") meta.push([m.smallCells, m.smallCellsValue]);
  if (simulated) meta.push([m.data, m.simulated]);
  return meta;
}
