import "server-only";
import type { Db } from "../db/client";
import { dayNumberDateSql, dayNumberSql } from "./days";
import type { ScopedFilter } from "./filter";
import { COUNTED_STATUS_SQL, PAYMENTS_SQL as PAYMENTS, VOLUME_SQL as VOLUME } from "./measures";
import { getMerchantCoverage, getPayers, type MerchantCoverage, type PayerFigures } from "./payers";
import { queryRollups, rollupSource, type RollupSource } from "./rollup-query";
import { PAYER_BITS, suppress, tooFewPayers } from "./suppression";

const DAY_NUMBER = dayNumberSql("r.bucket");
const COUNTED = COUNTED_STATUS_SQL();

export interface Share {
  key: string;
  /** null when suppressed for this viewer (see `suppressed`) */
  payments: number | null;
  volumeCny: string | null;
  suppressed?: string;
}

export interface Adoption {
  range: { from: string; to: string };
  payments: number | null;
  volumeCny: string | null;
  attempts: number | null;
  /** set when the whole range rests on too few payers for this viewer */
  suppressed?: string;
  byWallet: Share[];
  byCountry: Share[];
  byChannel: Share[];
  /** per local day and wallet ('' = foreign cards) */
  daily: DailyFigure[];
  /** per local day and channel: its own cells, so a total is hidden only when the channel's day has too few payers */
  dailyByChannel: DailyFigure[];
  /** per local day and payer's home country */
  dailyByCountry: DailyFigure[];
  baseline: { dailyPayments: number | null; dailyVolumeCny: number | null; rangeDailyPayments: number | null; ratio: number | null };
  /** null when a merchant-category filter is set: payers are not tied to one category */
  payers: PayerFigures | null;
  merchantCoverage: MerchantCoverage;
}

export interface DailyFigure {
  day: string;
  /** wallet code ('' = cards), channel code or country code */
  key: string;
  payments: number | null;
  volumeCny: string | null;
  suppressed?: string;
}

interface ShareRow {
  key: string;
  payments: bigint;
  volume: string;
  bits: string;
}

const toShare = (filter: ScopedFilter, r: ShareRow): Share =>
  suppress(filter, r.bits, { key: r.key, payments: Number(r.payments), volumeCny: r.volume }, ["payments", "volumeCny"]);

const toDaily = (filter: ScopedFilter, r: { day: string; key: string; payments: bigint; volume: string; bits: string }): DailyFigure =>
  suppress(filter, r.bits, { day: r.day, key: r.key, payments: Number(r.payments), volumeCny: r.volume }, ["payments", "volumeCny"]);

const ADOPTION_DIMS = ["wallet_code", "payer_country", "channel_code", "status"] as const;

type GroupedRow = ShareRow & { day: string | null; set: string; attempts: bigint };

// The rollup rows summed per day, wallet, country and channel first (their status and result code
// folded into the measures), then each of those once per set it counts in, through a constant VALUES
// list, and one plain GROUP BY: what GROUPING SETS would do, in a form Citus runs on distributed
// rollups (it refuses grouping sets, and pushes down only immutable expressions inside VALUES).
// Crossing the sets with the summed rows rather than the rollup rows: the Games at 1M, 3,023 rows
// of the daily wallet cube became 21,161 before grouping, each with its day formatted.
const TOTALS_SETS = [`('wallet', false)`, `('country', false)`, `('channel', false)`, `('total', false)`];
const DAILY_SETS = [`('wallet', true)`, `('channel', true)`, `('country', true)`];

/** Rows with a day are the daily series, the others the range's totals and shares. */
const groupedSql = (sets: string[]) => (from: string) =>
  `SELECT CASE WHEN g.daily THEN d.day END AS day, g.set,
    CASE g.set WHEN 'wallet' THEN d.wallet_code WHEN 'country' THEN d.payer_country WHEN 'channel' THEN d.channel_code ELSE '' END AS key,
    coalesce(sum(d.payments), 0)::bigint AS payments, coalesce(sum(d.volume), 0)::text AS volume,
    coalesce(sum(d.attempts), 0)::bigint AS attempts, coalesce(bit_or(d.bits), 0)::text AS bits
   FROM (SELECT ${dayNumberDateSql("s.day_number")} AS day, s.* FROM (
     SELECT ${DAY_NUMBER} AS day_number, r.wallet_code, r.payer_country, r.channel_code,
       sum(r.payments) FILTER (WHERE ${COUNTED}) AS payments, sum(r.amount_cny) FILTER (WHERE ${COUNTED}) AS volume,
       sum(r.payments) AS attempts, bit_or(r.payer_bits) FILTER (WHERE ${COUNTED}) AS bits
     FROM ${from} GROUP BY 1, 2, 3, 4) s) d
   CROSS JOIN (VALUES ${sets.join(", ")}) AS g(set, daily) GROUP BY 1, 2, 3`;

/**
 * Totals and shares need the range to the five minutes, the daily series only
 * to the hour: for a range of whole hours both read the same rows, once.
 */
async function groupedRows(db: Db, filter: ScopedFilter, totals: RollupSource): Promise<GroupedRow[]> {
  const daily = rollupSource(filter, ADOPTION_DIMS, { finest: 3600 });
  const rows =
    daily.sql === totals.sql && JSON.stringify(daily.params) === JSON.stringify(totals.params)
      ? await queryRollups<GroupedRow>(db, totals, groupedSql([...TOTALS_SETS, ...DAILY_SETS]))
      : (await Promise.all([queryRollups<GroupedRow>(db, totals, groupedSql(TOTALS_SETS)), queryRollups<GroupedRow>(db, daily, groupedSql(DAILY_SETS))])).flat();
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // totals: by set, most payments first; daily: by day, set and key
  return rows.sort((a, b) =>
    a.day === null || b.day === null
      ? cmp(a.day ?? "", b.day ?? "") || cmp(a.set, b.set) || Number(b.payments - a.payments) || cmp(a.key, b.key)
      : cmp(a.day, b.day) || cmp(a.set, b.set) || cmp(a.key, b.key),
  );
}

/** Foreign-wallet adoption for a range: totals, shares, a daily series and the August baseline. */
export async function getAdoption(db: Db, filter: ScopedFilter): Promise<Adoption> {
  const byDims = rollupSource(filter, ADOPTION_DIMS);
  const august = { ...filter, from: new Date("2023-08-01T00:00:00+08:00"), to: new Date("2023-09-01T00:00:00+08:00") };
  // independent reads run side by side: on PostgreSQL they use separate pooled connections
  const [rows, [base], payers, merchantCoverage] = await Promise.all([
    groupedRows(db, filter, byDims),
    queryRollups<{ payments: bigint; volume: string; bits: string }>(db, rollupSource(august, ["status"]), (from) =>
      `SELECT ${PAYMENTS} AS payments, ${VOLUME} AS volume, ${PAYER_BITS} AS bits FROM ${from}`,
    ),
    getPayers(db, filter),
    getMerchantCoverage(db, filter),
  ]);
  const grouped = rows.filter((r) => r.day === null);
  const daily = rows.filter((r): r is GroupedRow & { day: string } => r.day !== null);
  const set = (name: string) => grouped.filter((r) => r.set === name);
  const [byWallet, byCountry, byChannel] = [set("wallet"), set("country"), set("channel")];
  const totals = set("total")[0];
  const days = (byDims.plan.to.getTime() - byDims.plan.from.getTime()) / 86400_000;
  const rangeDailyPayments = Number(totals?.payments ?? 0) / days;
  const dailyPayments = Number(base?.payments ?? 0) / 31;
  const hidden = tooFewPayers(filter, totals?.bits);
  const baseHidden = tooFewPayers(filter, base?.bits);
  const mark = hidden ? { suppressed: `< ${filter.suppressBelow}` } : {};
  return {
    range: { from: byDims.plan.from.toISOString(), to: byDims.plan.to.toISOString() },
    payments: hidden ? null : Number(totals?.payments ?? 0),
    volumeCny: hidden ? null : (totals?.volume ?? "0"),
    attempts: hidden ? null : Number(totals?.attempts ?? 0),
    ...mark,
    byWallet: byWallet.filter((r) => r.key !== "").map((r) => toShare(filter, r)),
    byCountry: byCountry.map((r) => toShare(filter, r)),
    byChannel: byChannel.map((r) => toShare(filter, r)),
    daily: daily.filter((r) => r.set === "wallet").map((r) => toDaily(filter, r)),
    dailyByChannel: daily.filter((r) => r.set === "channel").map((r) => toDaily(filter, r)),
    dailyByCountry: daily.filter((r) => r.set === "country").map((r) => toDaily(filter, r)),
    baseline: {
      dailyPayments: baseHidden ? null : dailyPayments,
      dailyVolumeCny: baseHidden ? null : Number(base?.volume ?? 0) / 31,
      rangeDailyPayments: hidden ? null : rangeDailyPayments,
      ratio: hidden || baseHidden || dailyPayments <= 0 ? null : rangeDailyPayments / dailyPayments,
    },
    payers: hidden ? null : payers,
    merchantCoverage,
  };
}
