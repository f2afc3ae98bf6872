import { countedSql, failedSql } from "../statuses";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "./histograms";
import { ROLLUP_TABLES, bucketSql } from "./rollup-keys";
import type { Family, FamilyColumn } from "./family-sql";

// Every derived table that holds sums per key, declared once: its key columns (the grain is the
// bucket expression), its measures and which payments count in it. lib/store/family-sql.ts makes
// the fold's upsert and the rebuild's SELECT from each; lib/metrics reads the cubes through
// ROLLUP_TABLES (the narrowest cube holding a question's dimensions). Adding a measure is a line
// here plus a migration adding the column. Columns are listed in each table's order.
// The tables that only grow (first payers, sketches, merchant firsts) are in lib/store/activity.ts.

/** The channel and wallet of a totals row; no code can be "*". */
export const ALL = "*";

const key = (name: string, sql = `c.${name}`): FamilyColumn => ({ name, key: sql });
const count = (name: string, when?: string): FamilyColumn => ({ name, count: true, when });
const PAYER_BITS: FamilyColumn = { name: "payer_bits", bits: true };
const COUNTED = countedSql("c.status");
const FAILED = failedSql("c.status");

// by their leading dimension, the bucket: a range of days spreads over the workers
const BY_BUCKET = { distributeBy: "bucket", group: "buckets" } as const;
// per merchant: top merchants read one merchant's days and periods together
const BY_MERCHANT = { distributeBy: "merchant_id", group: "merchants" } as const;

/** The measures of every rollup cube. */
const CUBE_MEASURES: FamilyColumn[] = [
  count("payments"),
  { name: "amount_cny", sum: "c.amount_cny", type: "numeric" },
  count("latency_count", "c.latency_ms IS NOT NULL"),
  { name: "latency_sum_ms", sum: "c.latency_ms", type: "bigint" },
  { name: "latency_hist", hist: "lat_bin", bins: LATENCY_BOUNDS_MS.length + 1 },
  count("spread_count", "c.spread_bps IS NOT NULL"),
  { name: "spread_sum_bps", sum: "c.spread_bps", type: "numeric" },
  { name: "spread_hist", hist: "spr_bin", bins: SPREAD_BOUNDS_BPS.length + 1 },
  // multiplied, not divided, so the sum stays exact
  { name: "spread_cost_cny", sum: "c.amount_cny * c.spread_bps * 0.0001", type: "numeric" },
  PAYER_BITS,
];

/** The cubes' measure columns, in order, for their readers. */
export const CUBE_MEASURE_COLUMNS = CUBE_MEASURES.map((c) => c.name);

/** The rollup cubes: every payment in one row of each, by its bucket and dimensions. */
export const CUBES: Family[] = ROLLUP_TABLES.map(({ table, seconds, dims }) => ({
  table,
  placement: BY_BUCKET,
  columns: [key("bucket", bucketSql("c.created_at", seconds)), ...dims.map((d) => key(d)), ...CUBE_MEASURES],
  // a status move empties the row it leaves when it was the last payment there
  dropAtZero: "payments",
}));

/** Each payment's own channel and wallet, and the totals row over both. */
const WITH_TOTALS = { as: ["channel_code", "wallet_code"], rows: [["c.channel_code", "c.wallet_code"], [`'${ALL}'`, `'${ALL}'`]] };

const MERCHANT_COUNTS: FamilyColumn[] = [
  count("attempts"),
  count("payments", COUNTED),
  count("failed", FAILED),
  { name: "amount_cny", sum: "c.amount_cny", type: "numeric(20,2)", when: COUNTED },
  PAYER_BITS,
];


/** The sums per key that are not cubes: merchants' lists, venues, district hours. */
export const SUMS: Family[] = [
  {
    // keyed by district too: a merchant whose district is corrected stays in each district's lists once
    table: "merchant_days",
    placement: BY_MERCHANT,
    columns: [key("day"), key("merchant_id"), key("channel_code", "g.channel_code"), key("wallet_code", "g.wallet_code"), ...MERCHANT_COUNTS,
      { name: "category", kept: "c.merchant_category", type: "merchant_category" }, key("district_code")],
    expand: WITH_TOTALS,
  },
  {
    // a merchant has one category per period, its current one: set by the first row, and by a
    // correction on every row (lib/store/merchant-refile.ts), the lowest of one on a rebuild
    table: "merchant_periods",
    placement: BY_MERCHANT,
    columns: [key("grain", "g.grain"), key("start", "g.start"), key("merchant_id"), key("channel_code", "g.channel_code"),
      key("wallet_code", "g.wallet_code"), key("district_code"), { name: "category", kept: "c.merchant_category", type: "merchant_category" }, ...MERCHANT_COUNTS],
    expand: {
      as: ["grain", "start", "channel_code", "wallet_code"],
      rows: [
        [`'week'`, "c.week", "c.channel_code", "c.wallet_code"], [`'week'`, "c.week", `'${ALL}'`, `'${ALL}'`],
        [`'month'`, "c.month", "c.channel_code", "c.wallet_code"], [`'month'`, "c.month", `'${ALL}'`, `'${ALL}'`],
      ],
    },
  },
  {
    // successful payments near a venue, and the totals rows that filters without a category, a
    // district or a wallet read
    table: "venue_days",
    placement: { distributeBy: "district_code", group: "districts" },
    columns: [key("day"), key("venue_code"), key("ring_m"), ...["channel_code", "wallet_code", "district_code", "category"].map((k) => key(k, `g.${k}`)),
      count("payments"), PAYER_BITS],
    where: `${COUNTED} AND c.venue_code IS NOT NULL AND c.ring_m IS NOT NULL`,
    expand: {
      as: ["channel_code", "wallet_code", "district_code", "category"],
      rows: [
        ["c.channel_code", "c.wallet_code", "c.district_code", "c.category"],
        ["c.channel_code", "c.wallet_code", "c.district_code", `'${ALL}'`],
        ["c.channel_code", "c.wallet_code", `'${ALL}'`, `'${ALL}'`],
        [`'${ALL}'`, `'${ALL}'`, `'${ALL}'`, `'${ALL}'`],
      ],
    },
  },
  {
    // the hour-of-day heatmap and operations' series under a district filter
    table: "district_hours",
    placement: BY_BUCKET,
    columns: [key("bucket", bucketSql("c.created_at", 3600)), key("channel_code", "g.channel_code"), key("wallet_code", "g.wallet_code"), key("district_code"),
      count("payments", COUNTED), PAYER_BITS, count("attempts"), count("failed", FAILED)],
    expand: WITH_TOTALS,
  },
];

/** Every family, cubes first (the rebuild sums the coarser cubes from the finer). */
export const FAMILIES: Family[] = [...CUBES, ...SUMS];
