import type { WalletFigure } from "@/lib/metrics/overview";
import { formatCny, formatInt, formatPercent } from "@/lib/format";

export function WalletTable({ wallets }: { wallets: WalletFigure[] }) {
  if (wallets.every((w) => w.attempts === 0)) {
    return <div className="empty">No wallet payments have been ingested yet.</div>;
  }
  return (
    <table>
      <thead>
        <tr>
          <th>Wallet</th>
          <th>Home</th>
          <th className="num">Payments</th>
          <th className="num">Volume (CNY)</th>
          <th className="num">Failure rate</th>
        </tr>
      </thead>
      <tbody>
        {wallets.map((w) => (
          <tr key={w.wallet} data-testid={`wallet-row-${w.wallet}`}>
            <td>{w.name}</td>
            <td>{w.homeRegion}</td>
            <td className="num" data-testid="payments">{formatInt(w.payments)}</td>
            <td className="num" data-testid="volume">{formatCny(w.volumeCny)}</td>
            <td className="num">{formatPercent(w.payments + w.failed > 0 ? w.failed / (w.payments + w.failed) : null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
