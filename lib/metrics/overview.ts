import "server-only";
import type { Db } from "../db/client";
import { localDay } from "../local-time";
import { metricFilterSchema, scopeFilter, type Scope } from "./filter";
import { PAYER_BITS, suppress } from "./suppression";
import { FAILED_SQL as FAILED, PAYMENTS_SQL as PAYMENTS, VOLUME_SQL as VOLUME } from "./measures";
import { completedSimulation } from "../simulate/run";
import { getMerchantCoverage, getPayers } from "./payers";
import { queryRollups, rollupSource } from "./rollup-query";
import { countedSql } from "../statuses";

// The start page's figures over all the data, from the daily rollups.


export interface WalletFigure {
  wallet: string;
  name: string;
  homeRegion: string;
  /** successful payments (refunded ones included: they succeeded first); null when suppressed for this viewer */
  payments: number | null;
  /** CNY of payments that succeeded and were not refunded, exact decimal string */
  volumeCny: string | null;
  attempts: number | null;
  failed: number | null;
  /** "< 10" when too few payers stand behind the row for this viewer */
  suppressed?: string;
}

export interface Overview {
  asOf: string;
  firstPaymentAt: string | null;
  lastPaymentAt: string | null;
  walletVolumeCny: string;
  walletPayments: number;
  cardVolumeCny: string;
  cardPayments: number;
  payers: number;
  merchantsWithForeignPayments: number;
  merchants: number;
  successRate: number | null;
  wallets: WalletFigure[];
  simulated: { seed: number; transactions: number } | null;
}

interface WalletRow {
  wallet: string;
  name: string;
  home_region: string;
  payments: bigint;
  volume_cny: string;
  attempts: bigint;
  failed: bigint;
  bits: string;
}

/** The home page figures over every day with payments, narrowed to the viewer's districts. */
export async function getOverview(db: Db, scope: Scope): Promise<Overview> {
  const [span] = await db.$queryRawUnsafe<{ first_at: Date | null; last_at: Date | null }[]>(
    `SELECT (SELECT created_at FROM transactions ORDER BY created_at LIMIT 1) AS first_at,
      (SELECT created_at FROM transactions ORDER BY created_at DESC LIMIT 1) AS last_at`,
  );
  const simulated = await completedSimulation(db);
  const merchants = await db.merchant.count({ where: scope.districts.length ? { districtCode: { in: [...scope.districts] } } : undefined });
  const asOf = new Date().toISOString();
  if (!span?.first_at || !span.last_at) {
    const wallets = await db.wallet.findMany({ orderBy: { code: "asc" } });
    return {
      asOf, firstPaymentAt: null, lastPaymentAt: null, walletVolumeCny: "0", walletPayments: 0, cardVolumeCny: "0",
      cardPayments: 0, payers: 0, merchantsWithForeignPayments: 0, merchants, successRate: null, simulated,
      wallets: wallets.map((w) => ({ wallet: w.code, name: w.name, homeRegion: w.homeRegion, payments: 0, volumeCny: "0", attempts: 0, failed: 0 })),
    };
  }
  // whole local days around the data, so the daily rollups answer it
  const filter = scopeFilter(metricFilterSchema.parse({ from: localDay(span.first_at), to: localDay(span.last_at) }), scope);
  const source = rollupSource(filter, ["channel_code", "wallet_code", "status"]);
  const channels = await queryRollups<{ channel: string; payments: bigint; volume: string; failed: bigint }>(db, source, (from) =>
    `SELECT channel_code AS channel, ${PAYMENTS} AS payments, ${VOLUME} AS volume, ${FAILED} AS failed FROM ${from} GROUP BY 1`,
  );
  const wallets = await queryRollups<WalletRow>(db, source, (from) =>
    `SELECT w.code AS wallet, w.name, w.home_region, ${PAYMENTS} AS payments,
      ${VOLUME} AS volume_cny, coalesce(sum(r.payments), 0)::bigint AS attempts, ${FAILED} AS failed, ${PAYER_BITS} AS bits
     FROM wallets w LEFT JOIN ${from} ON r.wallet_code = w.code
     GROUP BY w.code, w.name, w.home_region
     ORDER BY sum(r.amount_cny) FILTER (WHERE ${countedSql("r.status")}) DESC NULLS LAST, w.code`,
  );
  const [payers, coverage] = await Promise.all([getPayers(db, filter), getMerchantCoverage(db, filter)]);
  const of = (c: string) => channels.find((x) => x.channel === c);
  const succeeded = channels.reduce((a, c) => a + Number(c.payments), 0);
  const failed = channels.reduce((a, c) => a + Number(c.failed), 0);
  return {
    asOf,
    firstPaymentAt: span.first_at.toISOString(),
    lastPaymentAt: span.last_at.toISOString(),
    walletVolumeCny: of("WALLET")?.volume ?? "0",
    walletPayments: Number(of("WALLET")?.payments ?? 0),
    cardVolumeCny: of("CARD")?.volume ?? "0",
    cardPayments: Number(of("CARD")?.payments ?? 0),
    payers: payers?.payers ?? 0,
    merchantsWithForeignPayments: coverage.covered,
    merchants: coverage.merchants,
    successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    wallets: wallets.map((w) =>
      suppress(
        filter,
        w.bits,
        {
          wallet: w.wallet,
          name: w.name,
          homeRegion: w.home_region,
          payments: Number(w.payments),
          volumeCny: w.volume_cny,
          attempts: Number(w.attempts),
          failed: Number(w.failed),
        },
        ["payments", "volumeCny", "attempts", "failed"],
      ),
    ),
    simulated,
  };
}
