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
            {w.suppressed ? (
              <td className="num suppressed" colSpan={3} data-testid="suppressed" title="Too few payers to show without singling anyone out">
                {w.suppressed} payers
              </td>
            ) : (
              <>
                <td className="num" data-testid="payments">{formatInt(w.payments ?? 0)}</td>
                <td className="num" data-testid="volume">{formatCny(w.volumeCny ?? "0")}</td>
                <td className="num">{formatPercent((w.payments ?? 0) + (w.failed ?? 0) > 0 ? (w.failed ?? 0) / ((w.payments ?? 0) + (w.failed ?? 0)) : null)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
