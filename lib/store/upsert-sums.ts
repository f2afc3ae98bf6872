import "server-only";
import type { Sql } from "../db/client";

/** A key column and the SQL cast of its text parameter. */
export type Column = [name: string, cast: string];
export const names = (columns: Column[]) => columns.map(([c]) => c);

/** A measure column, its SQL type, a row's delta as text, and how a delta joins the stored value. */
export type Measure<R> = [column: string, type: string, value: (row: R) => string, merge: "+" | "|"];

/**
 * Adds the measures of `rows` (their keys in `columns` order) to a table whose primary key is
 * `conflict`, in one upsert: the derived tables that hold sums per key (merchant days and periods,
 * district hours, venue days, first-time payers and coverage per day).
 */
export async function upsertSums<R extends { key: string[] }>(
  tx: Sql,
  table: string,
  columns: Column[],
  conflict: string[],
  measures: Measure<R>[],
  rows: R[],
): Promise<void> {
  if (!rows.length) return;
  const all = [...names(columns), ...measures.map(([m]) => m)];
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} AS x (${all.join(", ")})
     SELECT ${columns.map(([c, cast]) => `d.${c}${cast}`).join(", ")}, ${measures.map(([m, type]) => `d.${m}::${type}`).join(", ")}
     FROM unnest(${all.map((_, i) => `$${i + 1}::text[]`).join(", ")}) AS d(${all.join(", ")})
     ON CONFLICT (${conflict.join(", ")}) DO UPDATE SET ${measures.map(([m, , , merge]) => `${m} = x.${m} ${merge} EXCLUDED.${m}`).join(", ")}`,
    ...columns.map((_, i) => rows.map((r) => r.key[i]!)),
    ...measures.map(([, , value]) => rows.map(value)),
  );
}
