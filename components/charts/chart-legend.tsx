"use client";

import type { LegendPayload } from "recharts";

// Recharts' own legend labels each swatch "<name> legend icon" in English for
// screen readers, whatever the page's language; this one draws the swatch as
// decoration and lets the series name speak for itself. Entries keep the
// chart's series order; with `onPick` each is a button (keyboard included)
// that shows its series alone.

export function legendContent({ order, onPick, picked }: { order?: (key: string) => number; onPick?: (key: string) => void; picked?: string | null } = {}) {
  return function ChartLegend({ payload }: { payload?: readonly LegendPayload[] }) {
    const entries = [...(payload ?? [])].filter((e) => e.type !== "none");
    if (order) entries.sort((a, b) => order(String(a.dataKey)) - order(String(b.dataKey)));
    return (
      <ul className="chart-legend">
        {entries.map((e) => {
          const key = String(e.dataKey);
          const swatch = <span className="swatch" aria-hidden="true" style={{ background: e.color }} />;
          return (
            <li key={key} className={`recharts-legend-item${picked && picked !== key ? " inactive" : ""}`}>
              {onPick ? (
                <button type="button" className="link-button" aria-pressed={picked === key} onClick={() => onPick(key)}>{swatch}{e.value}</button>
              ) : (
                <>{swatch}{e.value}</>
              )}
            </li>
          );
        })}
      </ul>
    );
  };
}
