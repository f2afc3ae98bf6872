"use client";

import { metricSearch } from "@/lib/dashboard/filter";
import { useDashboardFilter } from "../hooks/use-dashboard-filter";
import { useLocale } from "../providers";

/** The PDF briefing for the filter on screen, in either language. */
export function BriefingLinks() {
  const { filter } = useDashboardFilter();
  const { t } = useLocale();
  const href = (lang: "en" | "zh") => `/api/reports/briefing?${metricSearch(filter, new Date())}&lang=${lang}`;
  return (
    <p className="muted wide-note" data-testid="briefing-links">
      {t.dash.briefing}{" "}
      <a href={href("en")} download data-testid="briefing-en">English</a>{" · "}
      <a href={href("zh")} download data-testid="briefing-zh">中文</a>
    </p>
  );
}
