import "server-only";
import type { Placement } from "../db/citus";
import { countedSql } from "../statuses";
import type { ContributionColumn } from "./contributions";

// The SQL of a derived table family, generated from its declaration (lib/store/families.ts): the
// fold adds the signed contributions of a batch of changes, the rebuild aggregates every payment,
// and both group the same expressions, so a measure is declared once and means the same in both.

/** A column of a derived table, in the table's order. */
export type FamilyColumn =
  /** part of the key: SQL over the contribution `c` (or the expansion `g`) */
  | { name: string; key: string }
  /** set by the first row of a key and kept after (the lowest on a rebuild); compared as text, of `type` */
  | { name: string; kept: string; type: string }
  /** contributions that meet `when` (all if absent) */
  | { name: string; count: true; when?: string }
  /** the sum of a numeric expression over the contributions that meet `when` */
  | { name: string; sum: string; type: string; when?: string }
  /** the OR of the payers' bits of counted payments: only ever set (lib/store/payer-bits.ts) */
  | { name: string; bits: true }
  /** a count per bin of a bin column (width_bucket's 0..bins-1) */
  | { name: string; hist: ContributionColumn; bins: number };

export interface Family {
  table: string;
  columns: FamilyColumn[];
  /** where its rows live on a Citus cluster (lib/store/placement.ts) */
  placement: Placement;
  /** only the contributions that meet this count here */
  where?: string;
  /** the further rows each contribution counts in (totals rows, other grains): `g` in key SQL */
  expand?: { as: string[]; rows: string[][] };
  /** a measure whose reaching zero removes the row (a key no payment is in any more) */
  dropAtZero?: string;
}

const isMeasure = (c: FamilyColumn) => !("key" in c) && !("kept" in c);

const filter = (when: string | undefined) => (when ? ` FILTER (WHERE ${when})` : "");

/** One column's SELECT expression, signed (a fold: +1 and -1 rows) or not (a rebuild: every row +1). */
function columnSql(c: FamilyColumn, signed: boolean): string {
  if ("key" in c) return c.key;
  // as text: Citus has no worker-side min() of an enum
  if ("kept" in c) return `min((${c.kept})::text)::${c.type}`;
  if ("count" in c) return signed ? `coalesce(sum(c.sign)${filter(c.when)}, 0)::integer` : `(count(*)${filter(c.when)})::integer`;
  if ("sum" in c) return `coalesce(sum(${signed ? `c.sign * (${c.sum})` : c.sum})${filter(c.when)}, 0)::${c.type}`;
  // a bit is set by a payment entering a counted row, never cleared (a -1 row keeps it)
  if ("bits" in c) return `coalesce(bit_or(c.payer_bit)${filter(`${countedSql("c.status")}${signed ? " AND c.sign > 0" : ""}`)}, 0)`;
  const bins = Array.from({ length: c.bins }, (_, i) => columnSql({ name: "", count: true, when: `c.${c.hist} = ${i}` }, signed));
  return `ARRAY[${bins.join(", ")}]::integer[]`;
}

const keyNames = (f: Family) => f.columns.filter((c) => "key" in c).map((c) => c.name);
/** GROUP BY the key columns by position: an expansion's column may share a contribution's name. */
const groupBy = (f: Family) => `GROUP BY ${f.columns.flatMap((c, i) => ("key" in c ? [String(i + 1)] : [])).join(", ")}`;

/** The further rows an expansion makes of each row, as `g`; `row` rewrites each value's SQL. */
const expansionSql = (e: NonNullable<Family["expand"]>, row = (sql: string) => sql) =>
  `CROSS JOIN LATERAL (VALUES ${e.rows.map((r) => `(${r.map(row).join(", ")})`).join(", ")}) AS g(${e.as.join(", ")})`;

/** The family's rows aggregated from a relation of contributions (`c`), columns in the table's order. */
export function familySelect(f: Family, contributions: string, signed: boolean): string {
  const expand = f.expand ? `\n${expansionSql(f.expand)}` : "";
  return `SELECT ${f.columns.map((c) => `${columnSql(c, signed)} AS ${c.name}`).join(", ")}
FROM ${contributions} c${expand}${f.where ? `\nWHERE ${f.where}` : ""}
${groupBy(f)}`;
}

/** Rebuild: every row of the table from every payment (RAW_CONTRIBUTIONS). */
export const familyRebuildSql = (f: Family, rawContributions: string) => familySelect(f, `(${rawContributions})`, false);

const mergeSql = (c: FamilyColumn) =>
  "bits" in c ? `${c.name} = x.${c.name} | EXCLUDED.${c.name}`
  // bin by bin in one expression: int_array_add (plpgsql) took 8 µs per 44-bin row, this 2 µs
  : "hist" in c ? `${c.name} = ARRAY[${Array.from({ length: c.bins }, (_, i) => `x.${c.name}[${i + 1}] + EXCLUDED.${c.name}[${i + 1}]`).join(", ")}]`
  : `${c.name} = x.${c.name} + EXCLUDED.${c.name}`;

/**
 * Fold: adds a batch's signed contributions to the stored rows, one upsert; groups whose every
 * measure nets to zero (a move within one key) write nothing. Every value is computed in the
 * SELECT and the SET only adds columns, which Citus runs on the shards as it is.
 */
export function familyFoldSql(f: Family, batch: string): string {
  const measures = f.columns.filter(isMeasure);
  const nonZero = measures.map((c) => {
    const sql = columnSql(c, true);
    return "hist" in c ? `${sql} <> ARRAY[${Array(c.bins).fill(0).join(",")}]::integer[]` : `${sql} <> 0`;
  });
  return `INSERT INTO ${f.table} AS x (${f.columns.map((c) => c.name).join(", ")})
${familySelect(f, batch, true)}
HAVING ${nonZero.join(" OR ")}
ON CONFLICT (${keyNames(f).join(", ")}) DO UPDATE SET ${measures.map(mergeSql).join(", ")}`;
}

/** Deletes the rows meeting `empty` among those the batch's -1 rows can have touched. */
export function emptiedRowsSql(f: Family, batch: string, empty: string): string {
  // the first key column (the bucket) narrows the delete to the rows the batch can have touched
  const first = f.columns.find((c) => "key" in c) as { name: string; key: string };
  return `DELETE FROM ${f.table} WHERE ${empty} AND ${first.name} IN (SELECT DISTINCT ${first.key} FROM ${batch} c WHERE c.sign < 0)`;
}

/** After a fold with -1 rows: the rows of the batch's keys whose `dropAtZero` measure is zero now. */
export function familyDropSql(f: Family, batch: string): string | null {
  return f.dropAtZero ? emptiedRowsSql(f, batch, `${f.dropAtZero} = 0`) : null;
}

/**
 * A coarser or narrower family summed from a finer one that holds every one of its key columns
 * (a day from its hours, a narrow cube from the full one): the same rows as from raw payments,
 * reading far fewer. `key` maps a key column to its SQL over the source row `r`.
 */
export function familyRollUpSql(f: Family, source: string, key: (name: string) => string, join = ""): string {
  const cols = f.columns.map((c) => {
    if ("key" in c) return `${key(c.name)} AS ${c.name}`;
    if ("kept" in c) return `min(r.${c.name}::text)::${c.type} AS ${c.name}`;
    if ("bits" in c) return `bit_or(r.${c.name}) AS ${c.name}`;
    if ("hist" in c) return `ARRAY[${Array.from({ length: c.bins }, (_, i) => `sum(r.${c.name}[${i + 1}])`).join(", ")}]::integer[] AS ${c.name}`;
    return `sum(r.${c.name})::${"sum" in c ? c.type : "integer"} AS ${c.name}`;
  });
  return `SELECT ${cols.join(", ")} FROM ${source} r${join} ${groupBy(f)}`;
}

/**
 * Rebuild of a family whose expansion's first row is each contribution's own key (its channel and
 * wallet, then the totals rows): every payment is aggregated once into its own row, and those rows
 * are expanded and summed, instead of expanding every payment (merchant_days from 10M payments:
 * 20M rows aggregated, then 10M and 8M far cheaper sums; its fill in the rebuild 69-73 -> 60-61 s).
 */
export function expandedRebuildSql(f: Family, rawContributions: string): string {
  const expand = f.expand!;
  const { as, rows } = expand;
  const own = rows[0]!;
  if (own.some((sql, i) => sql !== `c.${as[i]}`)) throw new Error(`${f.table}: its expansion's first row is not the contribution's own key`);
  const expanded = new Set(as.map((name) => `g.${name}`));
  // the rows' own keys: each expanded column as the contribution has it
  const fine: Family = { ...f, expand: undefined, columns: f.columns.map((c) => ("key" in c && expanded.has(c.key) ? { ...c, key: `c.${c.key.slice(2)}` } : c)) };
  const lateral = ` ${expansionSql(expand, (sql) => sql.replace(/\bc\./g, "r."))}`;
  const keyOf = new Map(f.columns.flatMap((c) => ("key" in c ? [[c.name, expanded.has(c.key) ? c.key : `r.${c.name}`] as const] : [])));
  return familyRollUpSql(f, `(${familyRebuildSql(fine, rawContributions)})`, (name) => keyOf.get(name)!, lateral);
}
