import { connection } from "next/server";
import { KpiTile } from "@/components/kpi-tile";
import { WalletTable } from "@/components/wallet-table";
import { getDb } from "@/lib/db";
import { formatCny, formatInt, formatPercent, formatShanghai } from "@/lib/format";
import { getOverview } from "@/lib/metrics/overview";
import { requirePageUser } from "@/lib/auth/session";
import { scopeOf } from "@/lib/auth/scope";

export default async function OverviewPage() {
  await connection();
  const user = await requirePageUser("OFFICIAL", "/");
  const o = await getOverview(getDb(), scopeOf(user));
  return (
    <main className="shell">
      <div className="header">
        <h1>Hangzhou Pay Monitor</h1>
        <span className="muted">
          Times in Asia/Shanghai · as of <span data-testid="as-of">{formatShanghai(o.asOf)}</span>
        </span>
      </div>
      {o.simulated ? (
        <div className="notice" data-testid="simulated-notice">
          Simulated data: a generated Asian Games (seed {o.simulated.seed}, {formatInt(o.simulated.transactions)} payments).
          Wallet shares, success rates and FX markups are assumptions, not published figures.
        </div>
      ) : null}
      <p className="muted">
        Payments from {formatShanghai(o.firstPaymentAt)} to {formatShanghai(o.lastPaymentAt)}.
      </p>
      <section className="tiles" aria-label="Headline figures">
        <KpiTile label="Foreign-wallet volume" value={formatCny(o.walletVolumeCny)} testId="wallet-volume" hint="Successful, not refunded" />
        <KpiTile label="Foreign-wallet payments" value={formatInt(o.walletPayments)} testId="wallet-payments" />
        <KpiTile label="Foreign-card volume" value={formatCny(o.cardVolumeCny)} testId="card-volume" hint={`${formatInt(o.cardPayments)} payments`} />
        <KpiTile label="Unique payers" value={formatInt(o.payers)} testId="payers" hint="Estimated, standard error 0.8%" />
        <KpiTile
          label="Merchant coverage"
          value={formatPercent(o.merchants ? o.merchantsWithForeignPayments / o.merchants : null, 1)}
          hint={`${formatInt(o.merchantsWithForeignPayments)} of ${formatInt(o.merchants)} merchants`}
          testId="merchant-coverage"
        />
        <KpiTile label="Success rate" value={formatPercent(o.successRate)} testId="success-rate" hint="Succeeded / (succeeded + failed)" />
      </section>
      <section className="panel" aria-label="Payments per wallet">
        <h2>Payments per wallet</h2>
        <WalletTable wallets={o.wallets} />
      </section>
    </main>
  );
}
