import { Suspense, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { FilterBar } from "./filter-bar";

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
        {/* each section brings its own Suspense boundary and skeleton (PrefetchedSlot) */}
        {children}
      </div>
      <details className="glossary" data-testid="glossary">
        <summary>{t.dash.glossary.title}</summary>
        <dl>
          {t.dash.glossary.items.map(([term, meaning]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      </details>
    </main>
  );
}
