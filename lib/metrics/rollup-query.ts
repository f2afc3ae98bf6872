import "server-only";
import type { Db } from "../db/client";
import { CUBE_MEASURE_COLUMNS } from "../store/families";
import { ROLLUP_TABLES, type Dim, type Grain, type RollupTable } from "../store/rollup-keys";
import { filtersMerchants, zonesOf, type MetricFilter } from "./filter";
import { planRange, type RangePart, type RangePlan } from "./range-plan";

/** The rollup of that grain with the fewest dimensions that still holds all of `dims`. */
export function narrowestTable(grain: Grain, dims: readonly Dim[]): RollupTable | undefined {
  return ROLLUP_TABLES.filter((t) => t.seconds === grain && dims.every((d) => (t.dims as readonly Dim[]).includes(d)))
    .sort((a, b) => a.dims.length - b.dims.length)[0]?.table;
}

const MEASURES = CUBE_MEASURE_COLUMNS.join(", ");

export interface RollupSource {
  /** a parenthesised subquery with `bucket`, the needed dimensions and every measure */
  sql: string;
  params: unknown[];
  plan: RangePlan;
}

/** The filter's dimensions as conditions on rollup columns; p adds a parameter and returns its placeholder. */
export function dimensionConditions(filter: MetricFilter, p: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (filter.wallets.length) where.push(`wallet_code = ANY(${p(filter.wallets)}::text[])`);
  if (filter.channels.length) where.push(`channel_code = ANY(${p(filter.channels)}::text[])`);
  if (filter.districts.length) where.push(`district_code = ANY(${p(filter.districts)}::text[])`);
  if (filter.categories.length) where.push(`merchant_category::text = ANY(${p(filter.categories)}::text[])`);
  const zones = zonesOf(filter);
  if (zones) where.push(`venue_zone = ANY(${p(zones)}::text[])`);
  return where;
}

/** One part of a split range: its grain and span, the table rollupSource reads it from, and every condition on that table's rows. */
export interface SourcePart {
  part: RangePart;
  table: RollupTable;
  where: string[];
}

/**
 * The filter's range split into whole local days, whole hours and five-minute
 * edges, each with the narrowest table of its grain holding every grouped and
 * filtered dimension and the conditions for its rows; `select` writes each
 * part's query. The five-minute grain is skipped when no five-minute table
 * holds them (home country, merchant category, venue zone).
 */
export function rollupParts(
  filter: MetricFilter,
  needs: readonly Dim[],
  opts: { finest?: 300 | 3600; coarsest?: 300 | 3600 | 86400 },
  select: (s: SourcePart) => string,
): { parts: string[]; params: unknown[]; plan: RangePlan } {
  const required: Dim[] = [...needs];
  if (filter.wallets.length) required.push("wallet_code");
  if (filter.channels.length) required.push("channel_code");
  if (filter.districts.length) required.push("district_code");
  if (filter.categories.length) required.push("merchant_category");
  if (filter.radiusM !== null) required.push("venue_zone");
  const finest = !narrowestTable(300, required) ? 3600 : (opts.finest ?? 300);
  const plan = planRange(filter.from, filter.to, finest, opts.coarsest);
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = dimensionConditions(filter, p);
  const parts = plan.parts.map((part) =>
    select({
      part,
      table: narrowestTable(part.grain, required)!,
      where: [`bucket >= ${p(part.from.toISOString())}::timestamptz`, `bucket < ${p(part.to.toISOString())}::timestamptz`, ...where],
    }),
  );
  return { parts, params, plan };
}

/** The rollup rows that cover the filter's range and match its filters, every measure of each part's table (see rollupParts). */
export function rollupSource(
  filter: MetricFilter,
  needs: readonly Dim[],
  opts: { finest?: 300 | 3600; coarsest?: 300 | 3600 | 86400 } = {},
): RollupSource {
  const dims = needs.length ? `${needs.join(", ")}, ` : "";
  const { parts, params, plan } = rollupParts(filter, needs, opts, ({ table, where }) => `SELECT bucket, ${dims}${MEASURES} FROM ${table} WHERE ${where.join(" AND ")}`);
  // an empty plan still needs a well-typed, empty source
  const sql = parts.length ? `(${parts.join("\nUNION ALL\n")})` : `(SELECT bucket, ${dims}${MEASURES} FROM rollup_1d WHERE false)`;
  return { sql, params, plan };
}

/** Bucket size for a time series over the range: five minutes up to 12 hours, hours up to 14 days, else days. */
export function seriesStep(filter: MetricFilter): 300 | 3600 | 86400 {
  const span = filter.to.getTime() - filter.from.getTime();
  if (!filtersMerchants(filter) && span <= 12 * 3600_000) return 300;
  return span <= 14 * 86400_000 ? 3600 : 86400;
}

export async function queryRollups<T>(db: Db, source: RollupSource, select: (from: string) => string): Promise<T[]> {
  // A CTE referenced once: PostgreSQL inlines it, the same plan as a subquery. Citus tries to inline it
  // too, and where a union of rollup tables joined with anything cannot run distributed, it computes
  // the CTE first (the range's rollup rows) and runs the rest on the coordinator.
  return db.$queryRawUnsafe<T[]>(`WITH rollup_rows AS ${source.sql} ${select("rollup_rows r")}`, ...source.params);
}

/** A histogram column summed bin by bin over the grouped rows of source r: one sum per subscript, several times cheaper than unnesting every array into rows. */
export const histogramSumsSql = (column: "latency_hist" | "spread_hist", bins: number, where?: string, alias = "r") =>
  `ARRAY[${Array.from({ length: bins }, (_, i) => `coalesce(sum(${alias}.${column}[${i + 1}])${where ? ` FILTER (WHERE ${where})` : ""}, 0)::bigint`).join(", ")}]`;

/** Merged histograms per group (a SQL expression over the source, or null for one overall), summed bin by bin. */
export async function histogramsBy(
  db: Db,
  source: RollupSource,
  groupBy: string | null,
  column: "latency_hist" | "spread_hist",
  bins: number,
): Promise<Map<string, number[]>> {
  const g = groupBy ?? "''";
  const rows = await queryRollups<{ g: string; h: bigint[] }>(db, source, (from) => `SELECT ${g}::text AS g, ${histogramSumsSql(column, bins)} AS h FROM ${from} GROUP BY 1`);
  return new Map(rows.map((r) => [r.g, r.h.map(Number)]));
}
