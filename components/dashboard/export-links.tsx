"use client";

import { metricSearch } from "@/lib/dashboard/filter";
import type { MetricName } from "@/lib/metrics/registry";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useLocale } from "../providers";

export interface ExportSpec {
  metric: MetricName;
  view: string;
  options?: Record<string, string>;
}

/** CSV and XLSX of exactly what the widget shows: same filter and options; the server applies the same role, scope and suppression. */
export function ExportLinks({ spec }: { spec: ExportSpec }) {
  const { filter } = useDashboardFilter();
  const { t } = useLocale();
  const href = (format: "csv" | "xlsx") =>
    `/api/export/${spec.metric}?${metricSearch(filter, new Date(), spec.options)}&view=${encodeURIComponent(spec.view)}&format=${format}`;
  return (
    <span className="export-links" data-testid="export-links">
      <span className="sr-only">{t.dash.download}</span>
      <a href={href("csv")} download data-testid="export-csv" title={`${t.dash.download} CSV`}>CSV</a>
      <a href={href("xlsx")} download data-testid="export-xlsx" title={`${t.dash.download} XLSX`}>XLSX</a>
    </span>
  );
}
