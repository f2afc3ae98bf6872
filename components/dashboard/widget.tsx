"use client";

import { ApiErrorText } from "../api-error-text";
import { Component, Suspense, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { formatClock } from "@/lib/format";
import { fill } from "@/lib/i18n/dashboard-messages";
import { useLocale } from "../providers";
import type { MetricResponse } from "../hooks/use-metric";
import { ExportLinks, type ExportSpec } from "./export-links";

interface WidgetProps<T> {
  title: string;
  testId: string;
  query: UseQueryResult<MetricResponse<T>> & { live?: boolean };
  /** true when there is nothing to draw: the widget says so instead of drawing an empty chart */
  isEmpty?: (data: T) => boolean;
  note?: ReactNode;
  wide?: boolean;
  /** offers CSV and XLSX of this widget's figures */
  exportAs?: ExportSpec;
  children: (data: T, asOf: string) => ReactNode;
}

/** Above this lag of the derived tables behind the payments, a widget says how far behind it is, in amber. */
export const BEHIND_WARN_SECONDS = 10;

/** A dashboard panel: title, data freshness, and its own loading, empty and error states. */
export function Widget<T>({ title, testId, query, isEmpty, note, wide, exportAs, children }: WidgetProps<T>) {
  const { locale, t } = useLocale();
  const d = t.dash;
  const body = () => {
    if (query.isPending) return <Skeleton />;
    if (query.isError && !query.data) {
      return (
        <div className="widget-error" role="alert" data-testid="widget-error">
          <p>
            {d.loadFailed} <ApiErrorText error={query.error} />
          </p>
          <button type="button" onClick={() => void query.refetch()}>
            {d.retry}
          </button>
        </div>
      );
    }
    const res = query.data!;
    if (isEmpty?.(res.data)) {
      return (
        <div className="empty" data-testid="widget-empty">
          {d.empty} <span className="muted">{d.emptyHint}</span>
        </div>
      );
    }
    return <ChartBoundary message={d.loadFailed}>{children(res.data, res.asOf)}</ChartBoundary>;
  };
  const behind = query.data?.behindSeconds ?? 0;
  const state = query.isPending ? "loading" : query.isError && !query.data ? "error" : isEmpty?.(query.data!.data) ? "empty" : "ready";
  return (
    <section className={`panel widget${wide ? " wide" : ""}`} data-testid={testId} data-state={state} aria-busy={query.isFetching}>
      <header className="widget-head">
        <h2>{title}</h2>
        <span className="muted as-of" data-testid="as-of">
          {query.live ? <span className="live-dot" title={d.live} /> : null}
          {query.data ? `${d.asOf} ${formatClock(query.data.asOf, locale)}` : ""}
          {behind > BEHIND_WARN_SECONDS ? (
            <span className="behind" data-testid="behind" title={fill(d.behind, { n: Math.round(behind) })}>
              {fill(d.behind, { n: Math.round(behind) }).split(":")[0]}
            </span>
          ) : null}
          {query.isFetching && query.data ? ` · ${d.refreshing}` : ""}
          {exportAs && state === "ready" ? <ExportLinks spec={exportAs} /> : null}
        </span>
      </header>
      {body()}
      {note ? <p className="muted widget-note">{note}</p> : null}
    </section>
  );
}

export function Skeleton({ height = 220 }: { height?: number }) {
  return <div className="skeleton" style={{ height }} data-testid="skeleton" aria-hidden />;
}

/** Each widget in its own boundary: a slow one shows its skeleton without holding the others back. */
export function WidgetSlot({ children }: { children: ReactNode }) {
  return <Suspense fallback={<section className="panel widget"><Skeleton /></section>}>{children}</Suspense>;
}

/** A chart that throws on unexpected data shows a message in its panel instead of blanking the page. */
class ChartBoundary extends Component<{ message: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (this.state.error) return <div className="widget-error" role="alert">{this.props.message} {this.state.error.message}</div>;
    return this.props.children;
  }
}
