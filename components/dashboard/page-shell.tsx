import { Suspense, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { FilterBar } from "./filter-bar";
import { Skeleton } from "./widget";

/** While a page's figures are computed on the server, the shell and the filter bar are already on screen. */
function LoadingGrid() {
  return (
    <>
      {[0, 1, 2].map((i) => (
        <section key={i} className={`panel widget${i === 0 ? " wide" : ""}`}>
          <Skeleton />
        </section>
      ))}
    </>
  );
}

/** Title, time-zone note, simulated-data notice and the filter bar above a page's widgets. */
export function PageShell({ t, title, lead, simulated, allowedDistricts, compare = false, children }: {
  t: Messages;
  title: string;
  lead: string;
  simulated: boolean;
  allowedDistricts: readonly string[];
  /** offer the compare-with-August toggle (only where a chart uses it) */
  compare?: boolean;
  children: ReactNode;
}) {
  return (
    <main className="shell">
      <div className="header">
        <h1>{title}</h1>
        <span className="muted" data-testid="time-zone">{t.dash.timesNote}</span>
      </div>
      <p className="muted lead">{lead}</p>
      {simulated ? <div className="notice" data-testid="simulated-notice">{t.dash.simulated}</div> : null}
      <Suspense fallback={<div className="filter-bar" />}>
        <FilterBar allowedDistricts={allowedDistricts} compare={compare} />
      </Suspense>
      <div className="grid">
        <Suspense fallback={<LoadingGrid />}>{children}</Suspense>
      </div>
    </main>
  );
}
