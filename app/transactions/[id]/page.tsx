import Link from "next/link";
import { notFound } from "next/navigation";
import { scopeOf } from "@/lib/auth/scope";
import { dashboardPage } from "@/lib/dashboard/page";
import { districtName, walletName } from "@/lib/dashboard/labels";
import { getDb } from "@/lib/db";
import { formatBps, formatCny, formatMoney, formatMs, formatShanghai } from "@/lib/format";
import { getTransaction } from "@/lib/transactions/explorer";

export default async function TransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, t, locale } = await dashboardPage("OPS", `/transactions/${encodeURIComponent(id)}`);
  const tx = await getTransaction(getDb(), id, scopeOf(user));
  if (!tx) notFound();
  const x = t.dash.tx;
  const rows: [string, string][] = [
    [x.created, formatShanghai(tx.createdAt, locale)],
    [x.updated, formatShanghai(tx.updatedAt, locale)],
    [x.ingested, formatShanghai(tx.ingestedAt, locale)],
    [x.status, tx.status],
    [x.result, `${tx.resultCode}${tx.failureCategory ? ` (${t.dash.failureCategories[tx.failureCategory as keyof typeof t.dash.failureCategories] ?? tx.failureCategory})` : ""}${
      tx.resultDescriptionEn ? ` · ${locale === "zh" ? tx.resultDescriptionZh : tx.resultDescriptionEn}` : ""}`],
    [x.channel, t.dash.channels[tx.channel as "WALLET" | "CARD"] ?? tx.channel],
    [t.dash.overview.wallet, walletName(tx.wallet, locale, t.dash.cards)],
    [x.payerCountry, tx.payerCountry],
    [x.merchant, `${tx.merchantName} (${tx.merchantId}, ${t.dash.categories[tx.merchantCategory as keyof typeof t.dash.categories] ?? tx.merchantCategory})`],
    [t.dash.districts.district, districtName(tx.district, locale)],
    [x.amount, formatMoney(tx.amount, tx.currency, locale)],
    [x.amountCny, formatCny(tx.amountCny, locale)],
    [x.fxRate, tx.fxRate],
    [x.midRate, tx.midRate ?? "–"],
    [x.spread, tx.spreadBps === null ? "–" : formatBps(Number(tx.spreadBps), locale, 2)],
    [x.latency, tx.latencyMs === null ? "–" : formatMs(tx.latencyMs, locale)],
  ];
  return (
    <main className="shell">
      <p><Link href="/transactions">← {x.back}</Link></p>
      <div className="header">
        <h1>{x.detail} <span data-testid="tx-id">{tx.externalId}</span></h1>
        <span className="muted">{t.dash.timesNote}</span>
      </div>
      <section className="panel">
        <dl className="detail" data-testid="tx-detail">
          {rows.map(([k, v]) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
    </main>
  );
}
