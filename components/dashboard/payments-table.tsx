"use client";

import Link from "next/link";
import { useLocale } from "../providers";
import { districtName, walletName } from "@/lib/dashboard/labels";
import { formatBps, formatCny, formatMs, formatShanghai } from "@/lib/format";
import type { PaymentRow } from "@/lib/metrics/raw-rows";

/** Single payments (failures, outliers, the explorer), each linking to its detail page. */
export function PaymentsTable({ rows, show }: { rows: PaymentRow[]; show: "failure" | "spread" | "all" }) {
  const { locale, t } = useLocale();
  const x = t.dash.tx;
  // scrolls inside its panel when the columns do not fit, the time column staying in view
  return (
    <div className="table-scroll">
      <table data-testid="payments-table">
        <thead>
          <tr>
            <th>{x.time}</th><th>{x.id}</th><th>{t.dash.overview.wallet}</th><th>{t.dash.districts.district}</th><th>{x.merchant}</th>
            <th className="num">{x.amountCny}</th>
            {show !== "spread" ? <><th>{x.status}</th><th>{x.result}</th><th className="num">{x.latency}</th></> : null}
            {show !== "failure" ? <th className="num">{x.spread}</th> : null}
            {show === "spread" ? <th className="num">{t.dash.fx.cost}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.externalId} data-testid="payment-row">
              <td>{formatShanghai(r.createdAt, locale)}</td>
              <td><Link href={`/transactions/${encodeURIComponent(r.externalId)}`}>{r.externalId}</Link></td>
              <td>{walletName(r.wallet, locale, `${t.dash.cards} (${r.payerCountry})`)}</td>
              <td>{districtName(r.district, locale)}</td>
              <td translate="no">{r.merchantName}</td>
              <td className="num">{formatCny(r.amountCny, locale)}</td>
              {show !== "spread" ? (
                <>
                  <td><span className={`status status-${r.status}`}>{r.status}</span></td>
                  <td title={r.failureCategory ?? undefined}>{r.resultCode}</td>
                  <td className="num">{r.latencyMs === null ? "–" : formatMs(r.latencyMs, locale)}</td>
                </>
              ) : null}
              {show !== "failure" ? <td className="num">{r.spreadBps === null ? "–" : formatBps(Number(r.spreadBps), locale)}</td> : null}
              {show === "spread" ? <td className="num">{r.spreadCostCny ? formatCny(r.spreadCostCny, locale) : "–"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
