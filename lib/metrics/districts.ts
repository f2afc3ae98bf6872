import "server-only";
import type { Db } from "../db/client";
import { ALL } from "../store/families";
import { localHourSql } from "./days";
import { filtersMerchants, type ScopedFilter } from "./filter";
import { PAYMENTS_SQL, VOLUME_SQL } from "./measures";
import { estimatePayers } from "./payers";
import { PAYER_BITS, suppress } from "./suppression";
import { queryRollups, rollupParts, rollupSource } from "./rollup-query";
import { countedSql } from "../statuses";

export interface Districts {
  range: { from: string; to: string };
  /**
   * One row per current district the viewer may see (a district-limited viewer: theirs only).
   * payers: distinct payers over the whole days of the range (estimated, see PayerFigures); null under a category or venue filter.
   * Figures are null (and `suppressed` set) where too few payers stand behind them for this viewer.
   */
  byDistrict: {
    district: string;
    nameEn: string;
    nameZh: string;
    payments: number | null;
    volumeCny: string | null;
    attempts: number | null;
    payers: number | null;
    suppressed?: string;
  }[];
  /** successful payments per local hour of day (0-23) and district */
  heatmap: { hour: number; district: string; payments: number | null; suppressed?: string }[];
}

type HeatRow = { hour: number; district: string; payments: bigint; bits: string };

/**
 * Successful payments per local hour of day and district: whole hours from
 * district_hours (narrow rows, its hours with successful payments), five-minute edges
 * from rollup_5m. Merchant filters (category, venue) read the hourly cube instead.
 */
function heatmapRows(db: Db, filter: ScopedFilter): Promise<HeatRow[]> {
  // district_hours has '*' rows over channel and wallet: without those filters, one row per hour and district
  const totals = !filter.wallets.length && !filter.channels.length ? [`wallet_code = '${ALL}'`, `channel_code = '${ALL}'`] : [];
  // wallets, channels and districts only: the caller sends merchant filters to the hourly cube
  const { parts, params } = rollupParts(filter, ["district_code"], { coarsest: 3600 }, ({ part, table, where }) =>
    part.grain === 3600
      ? // rows of hours with failed or pending payments only count nothing here
        `SELECT bucket, district_code, payments, payer_bits FROM district_hours WHERE ${[...where, ...totals, "payments > 0"].join(" AND ")}`
      : `SELECT bucket, district_code, payments, payer_bits FROM ${table} WHERE ${[...where, countedSql("status")].join(" AND ")}`,
  );
  if (!parts.length) return Promise.resolve([]);
  return db.$queryRawUnsafe<HeatRow[]>(
    `SELECT ${localHourSql("bucket")} AS hour, district_code AS district,
       sum(payments)::bigint AS payments, coalesce(bit_or(payer_bits), 0)::text AS bits
     FROM (${parts.join("\nUNION ALL\n")}) r GROUP BY 1, 2 ORDER BY 1, 2`,
    ...params,
  );
}

/** Volume per district and the hour-of-day x district heatmap, Asia/Shanghai hours. */
export async function getDistricts(db: Db, filter: ScopedFilter, _options?: unknown, user?: { districts: readonly string[] }): Promise<Districts> {
  // a viewer limited to districts gets only those: the others are not in their scope, not zero
  // district codes are lower-case letters (reference data); inlined because queryRollups owns the parameters
  const scope = user?.districts.length ? user.districts.filter((c) => /^[a-z]+$/.test(c)) : null;
  const source = rollupSource(filter, ["district_code", "status"]);
  const hourly = rollupSource(filter, ["district_code", "status"], { coarsest: 3600 });
  const [byDistrict, heatmap, payers] = await Promise.all([
    queryRollups<{ district: string; name_en: string; name_zh: string; payments: bigint; volume: string; attempts: bigint; bits: string }>(
      db,
      source,
      // summed per district before the districts are joined: on Citus the sums run on the workers,
      // where a join of the reference table with every rollup row first brought those rows over
      (from) => `SELECT d.code AS district, d.name_en, d.name_zh, coalesce(a.payments, 0)::bigint AS payments,
        coalesce(a.volume, '0') AS volume, coalesce(a.attempts, 0)::bigint AS attempts, coalesce(a.bits, '0') AS bits
        FROM districts d LEFT JOIN (
          SELECT r.district_code, ${PAYMENTS_SQL} AS payments, ${VOLUME_SQL} AS volume,
            coalesce(sum(r.payments), 0)::bigint AS attempts, ${PAYER_BITS} AS bits
          FROM ${from} GROUP BY 1) a ON a.district_code = d.code
        WHERE d.current ${scope ? (scope.length ? `AND d.code IN (${scope.map((c) => `'${c}'`).join(", ")})` : "AND false") : ""}
        ORDER BY 4 DESC, 1`,
    ),
    filtersMerchants(filter)
      ? queryRollups<HeatRow>(db, hourly, (from) =>
          `SELECT ${localHourSql("bucket")} AS hour, district_code AS district,
            sum(payments)::bigint AS payments, ${PAYER_BITS} AS bits FROM ${from} WHERE ${countedSql("status")} GROUP BY 1, 2 ORDER BY 1, 2`,
        )
      : heatmapRows(db, filter),
    filtersMerchants(filter) ? null : estimatePayers(db, filter, "district"),
  ]);
  return {
    range: { from: source.plan.from.toISOString(), to: source.plan.to.toISOString() },
    byDistrict: byDistrict.map((r) =>
      suppress(
        filter,
        r.bits,
        {
          district: r.district,
          nameEn: r.name_en,
          nameZh: r.name_zh,
          payments: Number(r.payments),
          volumeCny: r.volume,
          attempts: Number(r.attempts),
          payers: payers ? (payers.get(r.district) ?? 0) : null,
        },
        ["payments", "volumeCny", "attempts", "payers"],
      ),
    ),
    heatmap: heatmap.map((r) => suppress(filter, r.bits, { hour: r.hour, district: r.district, payments: Number(r.payments) }, ["payments"])),
  };
}
