"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useMetric } from "../hooks/use-metric";
import { useLocale } from "../providers";
import { metricSearch } from "@/lib/dashboard/filter";
import { explorerOptions } from "@/lib/dashboard/metric-options";
import { PaymentsTable } from "./payments-table";
import { StreamedExport } from "./streamed-export";
import { Widget } from "./widget";

const STATUSES = ["PENDING", "SUCCESS", "FAILED", "UNKNOWN", "REFUNDED"];

/** Raw payments for the filter, newest first, a page at a time (status, id prefix and cursor live in the URL too). */
export function TransactionsExplorer() {
  const params = useSearchParams();
  const { filter, setFilter } = useDashboardFilter();
  const { t } = useLocale();
  const x = t.dash.tx;
  const own = { status: params.get("status") ?? "", q: params.get("q") ?? "", cursor: params.get("cursor") ?? "" };
  const [q, setQ] = useState(own.q);
  const options = explorerOptions(params);
  // the export takes every matching payment: the same filter, status and prefix, no page cursor
  const exportSearch = metricSearch(filter, new Date(), Object.fromEntries(Object.entries(options).filter(([k]) => k !== "cursor")));
  const query = useMetric("transactions", { options });
  const go = (next: Partial<typeof own>) =>
    setFilter(filter, Object.fromEntries(Object.entries({ ...own, cursor: "", ...next }).filter(([, v]) => v)));
  return (
    <Widget title={x.title} testId="transactions" exportAs={{ metric: "transactions", view: "transactions", options }} query={query} wide isEmpty={(d) => d.rows.length === 0}
      note={
        <span className="pager">
          <button type="button" disabled={!own.cursor} onClick={() => go({})} data-testid="first-page">{x.first}</button>
          <button type="button" disabled={!query.data?.data.nextCursor} onClick={() => go({ cursor: query.data?.data.nextCursor ?? "" })} data-testid="next-page">
            {x.next} →
          </button>
        </span>
      }>
      {(d) => (
        <>
          <form className="inline-form" onSubmit={(e) => (e.preventDefault(), go({ q }))} role="search">
            <label className="inline-label">
              {x.status}
              <select value={own.status} onChange={(e) => go({ status: e.target.value, q })} data-testid="status-select">
                <option value="">{x.anyStatus}</option>
                {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
            <label className="inline-label">
              {x.search}
              <input value={q} onChange={(e) => setQ(e.target.value)} maxLength={64} data-testid="id-search" />
            </label>
          </form>
          <StreamedExport search={exportSearch} />
          <PaymentsTable rows={d.rows} show="all" />
        </>
      )}
    </Widget>
  );
}
