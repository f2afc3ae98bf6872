import "server-only";
import { countedSql, failedSql } from "../statuses";
import { VENUE_RING_SQL } from "../venue-zones";
import { ACTIVITY_SQL, ANY_WALLET } from "./activity";
import { monthStartSql, weekStartSql } from "./contributions";
import { ALL, CUBES, SUMS } from "./families";
import { expandedRebuildSql, familyRebuildSql, familyRollUpSql, type Family } from "./family-sql";
import { FX_OUTLIERS_SQL } from "./fx-outliers";
import { ROLLUP_TABLES, bucketSql, type RollupTable } from "./rollup-keys";

// What a rebuild computes, table by table. Raw payments are read as few times as the tables
// allow: a table that a finer one built earlier in the same rebuild holds is summed from it
// (the coarser cubes from the finer, merchants' periods, venues and firsts from merchant_days,
// district hours from the hourly district cube, first-payer days from payers). Each such sum
// gives the same rows as the table's SQL over raw payments (DERIVED_SQL and the cubes' own
// SELECT); the exactness tests compare every table after a rebuild with that SQL.

export interface RebuildStep {
  table: string;
  /** the derived tables this step reads, each built by an earlier step of the same rebuild */
  reads: string[];
  /** the columns the SELECT fills, in its order (all of the table's when absent) */
  columns?: string;
  /** its rows; `at` gives the name a table read is being built under */
  select: (at: (table: string) => string) => string;
  /** about what it costs (seconds at 10M payments, measured 2026-12-07), so the longest chains start first */
  weight: number;
  /**
   * grouped by hash even where the planner expects the hash to spill and would sort instead: the
   * sketches' registers from 10M payments took 80-88 s sorted, 47-55 s hashed. Not the cubes: hashed,
   * rollup_1h came out unordered and the tables summed from it took longer by as much as it gained.
   */
  hashed?: boolean;
}

const spec = (table: RollupTable) => ROLLUP_TABLES.find((t) => t.table === table)!;
const cube = (table: RollupTable) => CUBES.find((f) => f.table === table)!;
const sums = (table: string) => SUMS.find((f) => f.table === table)!;
const columnList = (f: Family) => f.columns.map((c) => c.name).join(", ");

/** Where a cube is summed from: the coarsest, narrowest cube built before it that holds its dimensions at its grain or finer, else raw rows. */
function cubeSource(table: RollupTable, built: RollupTable[]): RollupTable | null {
  const { seconds, dims } = spec(table);
  const holds = built.filter((b) => {
    const s = spec(b);
    return s.seconds <= seconds && 86400 % s.seconds === 0 && dims.every((d) => (s.dims as readonly string[]).includes(d));
  });
  // the coarsest grain first, then the fewest dimensions: fewer rows to read
  return holds.sort((a, b) => spec(b).seconds - spec(a).seconds || spec(a).dims.length - spec(b).dims.length)[0] ?? null;
}

const CUBE_WEIGHTS: Record<RollupTable, number> = {
  rollup_5m: 42, rollup_1h: 72, rollup_1d: 21, rollup_1h_wallet: 7, rollup_1d_wallet: 2, rollup_1h_district: 17, rollup_1d_district: 3,
};

/** One cube's step, summed from the best of the `built` ones or from raw rows. */
function cubeStep(table: RollupTable, built: RollupTable[], raw: string): RebuildStep {
  const source = cubeSource(table, built);
  const { seconds } = spec(table);
  const f = cube(table);
  const weight = CUBE_WEIGHTS[table];
  if (!source) return { table, reads: [], columns: columnList(f), select: () => familyRebuildSql(f, raw), weight };
  const bucket = seconds === spec(source).seconds ? "r.bucket" : bucketSql("r.bucket", seconds);
  return { table, reads: [source], columns: columnList(f), select: (at) => familyRollUpSql(f, at(source), (name) => (name !== "bucket" ? `r.${name}` : bucket)), weight };
}

// A merchant_days row of one real channel and wallet (not its totals row) with a successful payment.
const PAID_DAY = `md.channel_code <> '${ALL}' AND md.payments > 0`;

/** merchant_periods per ISO week and month from merchant_days, its totals rows included. */
const merchantPeriods = (at: (t: string) => string) => `SELECT g.grain, CASE WHEN g.grain = 'week' THEN ${weekStartSql("md.day")}
      ELSE ${monthStartSql("md.day")} END AS start, md.merchant_id, md.channel_code, md.wallet_code, md.district_code, min(md.category::text)::merchant_category AS category,
    sum(md.attempts)::integer AS attempts, sum(md.payments)::integer AS payments, sum(md.failed)::integer AS failed,
    sum(md.amount_cny) AS amount_cny, bit_or(md.payer_bits) AS payer_bits
  FROM ${at("merchant_days")} md CROSS JOIN (VALUES ('week'), ('month')) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6`;

/**
 * venue_days from merchant_days: a merchant's venue and ring are its own (read once per merchant
 * row, not per payment), its payments and payer bits those of its successful payments.
 */
const venueDays = (at: (t: string) => string) => `SELECT md.day, m.venue_code, m.ring_m,
    g.channel_code, g.wallet_code, g.district_code, g.category, sum(md.payments)::integer AS payments, bit_or(md.payer_bits) AS payer_bits
  FROM ${at("merchant_days")} md
  -- the category as text here: Citus takes only immutable functions in the VALUES list
  JOIN (SELECT m.id, m.nearest_venue_code AS venue_code, ${VENUE_RING_SQL} AS ring_m, m.category::text AS category FROM merchants m) m ON m.id = md.merchant_id
  CROSS JOIN LATERAL (VALUES
    (md.channel_code, md.wallet_code, md.district_code, m.category),
    (md.channel_code, md.wallet_code, md.district_code, '${ALL}'),
    (md.channel_code, md.wallet_code, '${ALL}', '${ALL}'),
    ('${ALL}', '${ALL}', '${ALL}', '${ALL}')) AS g(channel_code, wallet_code, district_code, category)
  WHERE ${PAID_DAY} AND m.venue_code IS NOT NULL AND m.ring_m IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/** A merchant's first day with a successful payment per channel and wallet, and per channel over every wallet. */
const merchantFirsts = (at: (t: string) => string) => `SELECT md.merchant_id, md.channel_code, w.wallet_code, min(md.day) AS first_day
  FROM ${at("merchant_days")} md CROSS JOIN LATERAL (VALUES (md.wallet_code), ('${ANY_WALLET}')) AS w(wallet_code)
  WHERE ${PAID_DAY} GROUP BY 1, 2, 3`;

/** district_hours from the hourly district cube: attempts are all its payments, the rest by status. */
const districtHours = (at: (t: string) => string) => `SELECT r.bucket, g.channel_code, g.wallet_code, r.district_code,
    coalesce(sum(r.payments) FILTER (WHERE ${countedSql("r.status")}), 0)::integer AS payments, bit_or(r.payer_bits) AS payer_bits,
    sum(r.payments)::integer AS attempts, coalesce(sum(r.payments) FILTER (WHERE ${failedSql("r.status")}), 0)::integer AS failed
  FROM ${at("rollup_1h_district")} r CROSS JOIN LATERAL (VALUES (r.channel_code, r.wallet_code), ('${ALL}', '${ALL}')) AS g(channel_code, wallet_code)
  GROUP BY 1, 2, 3, 4`;

const payerFirstDays = (at: (t: string) => string) => `SELECT (first_paid_at AT TIME ZONE 'Asia/Shanghai')::date AS day, channel_code, wallet_code,
    first_district_code AS district_code, count(*)::integer AS payers
  FROM ${at("payers")} GROUP BY 1, 2, 3, 4`;

/** merchant_firsts' readers built from it, with their raw SQL pointed at the table being built. */
const fromFirsts = (sql: string) => (at: (t: string) => string) => sql.replaceAll("FROM merchant_firsts f", `FROM ${at("merchant_firsts")} f`);

/** Every derived table's step, each after the steps it reads. */
export function rebuildSteps(raw: string): RebuildStep[] {
  const cubes: RebuildStep[] = [];
  const built: RollupTable[] = [];
  for (const { table } of ROLLUP_TABLES) {
    cubes.push(cubeStep(table, built, raw));
    built.push(table);
  }
  const family = (table: string, reads: string[], select: RebuildStep["select"], weight: number): RebuildStep =>
    ({ table, reads, columns: columnList(sums(table)), select, weight });
  return [
    ...cubes,
    family("district_hours", ["rollup_1h_district"], districtHours, 1),
    family("merchant_days", [], () => expandedRebuildSql(sums("merchant_days"), raw), 82),
    family("merchant_periods", ["merchant_days"], merchantPeriods, 33),
    family("venue_days", ["merchant_days"], venueDays, 10),
    { table: "merchant_firsts", reads: ["merchant_days"], select: merchantFirsts, weight: 5 },
    { table: "merchant_coverage_days", reads: ["merchant_firsts"], select: fromFirsts(ACTIVITY_SQL.merchant_coverage_days), weight: 1 },
    { table: "merchant_first_bitmaps", reads: ["merchant_firsts"], select: fromFirsts(ACTIVITY_SQL.merchant_first_bitmaps), weight: 2 },
    { table: "payers", reads: [], select: () => ACTIVITY_SQL.payers, weight: 25 },
    { table: "payer_first_days", reads: ["payers"], select: payerFirstDays, weight: 1 },
    { table: "payer_sketches", reads: [], select: () => ACTIVITY_SQL.payer_sketches, weight: 81, hashed: true },
    { table: "fx_outliers", reads: [], select: () => FX_OUTLIERS_SQL, weight: 3 },
  ];
}

/**
 * The steps in groups that read nothing of each other (a table and every table summed from it),
 * heaviest first: separate transactions build them side by side, each taking the next when done.
 */
export function rebuildChains(steps: RebuildStep[]): RebuildStep[][] {
  const chainOf = new Map<string, RebuildStep[]>();
  const chains: RebuildStep[][] = [];
  for (const step of steps) {
    const joined = [...new Set(step.reads.map((t) => chainOf.get(t)!))];
    const chain = joined[0] ?? [];
    if (!joined.length) chains.push(chain);
    // a step reading two chains merges them, the later into the first
    for (const other of joined.slice(1)) {
      chain.push(...other);
      chains.splice(chains.indexOf(other), 1);
    }
    chain.push(step);
    for (const s of chain) chainOf.set(s.table, chain);
  }
  const weight = (chain: RebuildStep[]) => chain.reduce((sum, s) => sum + s.weight, 0);
  return chains.sort((a, b) => weight(b) - weight(a));
}
