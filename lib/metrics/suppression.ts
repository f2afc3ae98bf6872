import "server-only";
import { payersFromBits } from "../store/payer-bits";
import type { ScopedFilter } from "./filter";
import { countedSql } from "../statuses";

// Small-cell suppression for officials: a figure built from fewer than
// SUPPRESSION_MIN_PAYERS distinct payers is replaced by null and marked
// "< N", so no individual visitor can be singled out. The payer count comes
// from the rollups' 64-bit payer bitmaps (lib/store/payer-bits.ts).
// Only primary suppression: a suppressed cell can sometimes be worked out from
// a total minus the other cells.

/** The OR-ed payer bits of a rollup source's counted rows, as text (bigint). */
export const PAYER_BITS = `coalesce(bit_or(r.payer_bits) FILTER (WHERE ${countedSql("r.status")}), 0)::text`;

export type Suppressed<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null } & { suppressed?: string };

/** Zero is shown as zero: nobody can be singled out of an empty cell. */
export function tooFewPayers(filter: ScopedFilter, bits: string | bigint | null | undefined): boolean {
  if (filter.suppressBelow === null) return false;
  const payers = payersFromBits(BigInt(bits ?? 0));
  return payers > 0 && payers < filter.suppressBelow;
}

/** The row with `fields` nulled and a "< N" mark when its payers are too few for this viewer. */
export function suppress<T extends object, K extends keyof T>(filter: ScopedFilter, bits: string | bigint | null | undefined, row: T, fields: readonly K[]): Suppressed<T, K> {
  if (!tooFewPayers(filter, bits)) return row as Suppressed<T, K>;
  const out = { ...row, suppressed: `< ${filter.suppressBelow}` } as Record<string, unknown>;
  for (const f of fields) out[f as string] = null;
  return out as Suppressed<T, K>;
}
