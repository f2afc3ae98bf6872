import { countedSql } from "../statuses";
import { LATENCY_BOUNDS_MS, SPREAD_BOUNDS_BPS } from "./histograms";
import { PAYER_BIT_SQL } from "./payer-bits";
import { VENUE_RING_SQL, VENUE_ZONE_SQL } from "../venue-zones";

// A contribution is what one payment in one state adds to the derived tables, signed: +1 for
// the state it is in, -1 for the state a change moved it out of. Both the fold (from the
// change log) and the rebuild (from raw rows, all +1) produce rows of this one shape, and
// every family in lib/store/families.ts aggregates them with the same SQL, so the two
// cannot disagree about what a payment adds.

const DAY = "(t.created_at AT TIME ZONE 'Asia/Shanghai')::date";

/** The Monday of a date's ISO week, and the first of its month, in SQL. */
export const weekStartSql = (day: string) => `${day} - (extract(isodow FROM ${day})::integer - 1)`;
export const monthStartSql = (day: string) => `date_trunc('month', ${day})::date`;

/** The payment's parts that a change never moves, over `transactions t JOIN merchants m`. */
const PAYMENT_COLUMNS = {
  created_at: "t.created_at",
  merchant_id: "t.merchant_id",
  payer_hash: "t.payer_hash",
  payer_bit: PAYER_BIT_SQL("t"),
  channel_code: "t.channel_code",
  // '' for cards, as every derived table keys it
  wallet_code: "coalesce(t.wallet_code, '')",
  payer_country: "t.payer_country",
  district_code: "t.district_code",
  amount_cny: "t.amount_cny",
  merchant_category: "m.category",
  venue_code: "m.nearest_venue_code",
  ring_m: VENUE_RING_SQL,
  venue_zone: VENUE_ZONE_SQL,
  day: DAY,
  // computed here, not in the families' VALUES lists: Citus allows only immutable functions there
  category: "m.category::text",
  week: weekStartSql(DAY),
  month: monthStartSql(DAY),
} as const;

/** The payment's parts read from its merchant's row: a merchant correction moves them (lib/store/merchant-refile.ts). */
export const MERCHANT_COLUMNS = Object.entries(PAYMENT_COLUMNS).flatMap(([name, sql]) => (/\bm\./.test(sql) ? [name] : []));

/** The parts a change moves, over a state row `s` (the payment itself, or one side of a change). */
const stateColumns = (s: string) => ({
  status: `${s}.status`,
  result_code: `${s}.result_code`,
  latency_ms: `${s}.latency_ms`,
  spread_bps: `${s}.spread_bps`,
  lat_bin: `width_bucket(${s}.latency_ms, ARRAY[${LATENCY_BOUNDS_MS.join(",")}]::integer[])`,
  spr_bin: `width_bucket(${s}.spread_bps, ARRAY[${SPREAD_BOUNDS_BPS.join(",")}]::numeric[])`,
});

export type ContributionColumn = "sign" | keyof typeof PAYMENT_COLUMNS | keyof ReturnType<typeof stateColumns>;

const select = (s: string) =>
  Object.entries({ ...PAYMENT_COLUMNS, ...stateColumns(s) }).map(([name, sql]) => `${sql} AS ${name}`).join(", ");

/** Every payment as a +1 contribution of its current state: what the rebuild aggregates. */
export const RAW_CONTRIBUTIONS = `SELECT 1 AS sign, ${select("t")} FROM transactions t JOIN merchants m ON m.id = t.merchant_id`;

/** The temporary table a fold pass takes its changes into, dropped at commit. */
export const FOLD_BATCH = "fold_batch";

/** The contributions of the changes in `c`, with the columns of FOLD_BATCH. */
const CHANGE_CONTRIBUTIONS = `
SELECT c.id AS change_id, c.external_id, s.sign, ${select("s")},
  s.sign = 1 AND ${countedSql("c.new_status")} AND NOT coalesce(${countedSql("c.old_status")}, false) AS entered_counted,
  s.sign = 1 AND (c.old_status IS NULL OR c.old_spread_bps IS DISTINCT FROM c.new_spread_bps) AS spread_moved
FROM c
LEFT JOIN transactions t ON t.external_id = c.external_id
LEFT JOIN merchants m ON m.id = t.merchant_id
CROSS JOIN LATERAL (VALUES
  (-1, c.old_status, c.old_result_code, c.old_latency_ms, c.old_spread_bps),
  (1, c.new_status, c.new_result_code, c.new_latency_ms, c.new_spread_bps)
) AS s(sign, status, result_code, latency_ms, spread_bps)
WHERE s.status IS NOT NULL`;

/**
 * Into FOLD_BATCH: what the derived tables hold for the payments of the merchants in $1::text[],
 * signed. The folded state of a payment is its state before its first change still waiting in the
 * log (the folder applies that change later), or its stored state when none waits; a payment whose
 * insert still waits is in no derived table yet. A merchant correction takes these out (-1) under
 * the merchant's old category and location and puts them back (+1) under the new ones, so the
 * tables keep what a rebuild from raw rows (which reads the merchants as they are) would give.
 */
export const merchantContributionsSql = (sign: 1 | -1) => `
INSERT INTO ${FOLD_BATCH}
SELECT NULL::bigint AS change_id, t.external_id, ${sign} AS sign, ${select("s")}, false AS entered_counted, false AS spread_moved
FROM transactions t
JOIN merchants m ON m.id = t.merchant_id
LEFT JOIN (
  SELECT DISTINCT ON (external_id) * FROM change_log
  WHERE external_id IN (SELECT external_id FROM transactions WHERE merchant_id = ANY($1::text[])) ORDER BY external_id, id
) p ON p.external_id = t.external_id
CROSS JOIN LATERAL (VALUES (
  CASE WHEN p.id IS NULL THEN t.status ELSE p.old_status END,
  CASE WHEN p.id IS NULL THEN t.result_code ELSE p.old_result_code END,
  CASE WHEN p.id IS NULL THEN t.latency_ms ELSE p.old_latency_ms END,
  CASE WHEN p.id IS NULL THEN t.spread_bps ELSE p.old_spread_bps END
)) AS s(status, result_code, latency_ms, spread_bps)
WHERE t.merchant_id = ANY($1::text[]) AND s.status IS NOT NULL`;

/** FOLD_BATCH, empty, its columns typed by the tables they come from. */
export const CREATE_FOLD_BATCH_SQL = `CREATE TEMPORARY TABLE ${FOLD_BATCH} ON COMMIT DROP AS
WITH c AS (SELECT * FROM change_log WHERE false) ${CHANGE_CONTRIBUTIONS}
WITH NO DATA`;

/**
 * Takes up to $1 changes out of the log (in id order) into FOLD_BATCH: a -1 row for the state a
 * change left (none for a new payment) and a +1 row for the state it entered, plus per change
 * whether the payment just entered a counted state (first payers, sketches and merchant firsts
 * only grow) and whether its spread moved (its outlier row follows). A change whose payment or
 * merchant is missing keeps a row with a null created_at or category, for the folder to refuse.
 */
export const TAKE_CHANGES_SQL = `
WITH c AS (
  -- one range, not "id IN (first n ids)": while the log is near empty its statistics say one row, and the
  -- planner then rescans the subquery per row (10,000 changes took 25 s that way, 12 ms as a range).
  -- Within the statement's one snapshot the ids up to the n-th visible one are exactly the first n.
  DELETE FROM change_log WHERE id <= (SELECT max(id) FROM (SELECT id FROM change_log ORDER BY id LIMIT $1) first) RETURNING *
)
INSERT INTO ${FOLD_BATCH} ${CHANGE_CONTRIBUTIONS}`;
