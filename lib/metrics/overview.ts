import "server-only";
import type { Db } from "../db/client";

// A first, direct read of the transactions table for the start page. The
// metrics issue replaces these scans with rollups.

export interface WalletFigure {
  wallet: string;
  name: string;
  homeRegion: string;
  /** successful payments (refunded ones included: they succeeded first) */
  payments: number;
  /** CNY of payments that succeeded and were not refunded, exact decimal string */
  volumeCny: string;
  attempts: number;
  failed: number;
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
}

export async function getOverview(db: Db): Promise<Overview> {
  const [totals] = await db.$queryRawUnsafe<
    {
      first_at: Date | null;
      last_at: Date | null;
      wallet_volume: string;
      wallet_payments: bigint;
      card_volume: string;
      card_payments: bigint;
      payers: bigint;
      merchants_paid: bigint;
      succeeded: bigint;
      failed: bigint;
    }[]
  >(`
    SELECT min(created_at) AS first_at, max(created_at) AS last_at,
      coalesce(sum(amount_cny) FILTER (WHERE channel_code = 'WALLET' AND status = 'SUCCESS'), 0)::text AS wallet_volume,
      count(*) FILTER (WHERE channel_code = 'WALLET' AND status IN ('SUCCESS', 'REFUNDED')) AS wallet_payments,
      coalesce(sum(amount_cny) FILTER (WHERE channel_code = 'CARD' AND status = 'SUCCESS'), 0)::text AS card_volume,
      count(*) FILTER (WHERE channel_code = 'CARD' AND status IN ('SUCCESS', 'REFUNDED')) AS card_payments,
      count(DISTINCT payer_hash) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')) AS payers,
      count(DISTINCT merchant_id) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')) AS merchants_paid,
      count(*) FILTER (WHERE status IN ('SUCCESS', 'REFUNDED')) AS succeeded,
      count(*) FILTER (WHERE status = 'FAILED') AS failed
    FROM transactions`);
  const wallets = await db.$queryRawUnsafe<WalletRow[]>(`
    SELECT w.code AS wallet, w.name, w.home_region,
      count(t.external_id) FILTER (WHERE t.status IN ('SUCCESS', 'REFUNDED')) AS payments,
      coalesce(sum(t.amount_cny) FILTER (WHERE t.status = 'SUCCESS'), 0)::text AS volume_cny,
      count(t.external_id) AS attempts,
      count(t.external_id) FILTER (WHERE t.status = 'FAILED') AS failed
    FROM wallets w LEFT JOIN transactions t ON t.wallet_code = w.code
    GROUP BY w.code, w.name, w.home_region
    ORDER BY sum(t.amount_cny) FILTER (WHERE t.status = 'SUCCESS') DESC NULLS LAST, w.code`);
  const merchants = await db.merchant.count();
  const simulated = await db.simulationRun.findFirst({
    where: { finishedAt: { not: null } },
    orderBy: { id: "desc" },
    select: { seed: true, transactions: true },
  });
  const succeeded = Number(totals?.succeeded ?? 0);
  const failed = Number(totals?.failed ?? 0);
  return {
    asOf: new Date().toISOString(),
    firstPaymentAt: totals?.first_at?.toISOString() ?? null,
    lastPaymentAt: totals?.last_at?.toISOString() ?? null,
    walletVolumeCny: totals?.wallet_volume ?? "0",
    walletPayments: Number(totals?.wallet_payments ?? 0),
    cardVolumeCny: totals?.card_volume ?? "0",
    cardPayments: Number(totals?.card_payments ?? 0),
    payers: Number(totals?.payers ?? 0),
    merchantsWithForeignPayments: Number(totals?.merchants_paid ?? 0),
    merchants,
    successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    wallets: wallets.map((w) => ({
      wallet: w.wallet,
      name: w.name,
      homeRegion: w.home_region,
      payments: Number(w.payments),
      volumeCny: w.volume_cny,
      attempts: Number(w.attempts),
      failed: Number(w.failed),
    })),
    simulated,
  };
}
