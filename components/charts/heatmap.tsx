"use client";

import { heatColor } from "./palette";

export interface HeatmapProps {
  rows: { key: string; label: string }[];
  columns: number[];
  /** value by `${row}|${column}`; null: hidden (suppressed) */
  values: Map<string, number | null>;
  format: (n: number) => string;
  hiddenLabel: string;
  onRowClick?: (key: string) => void;
}

/** Rows x columns of shaded cells; each cell also carries its number for screen readers and tooltips. */
export function Heatmap({ rows, columns, values, format, hiddenLabel, onRowClick }: HeatmapProps) {
  const max = Math.max(1, ...[...values.values()].map((v) => v ?? 0));
  return (
    <div className="heatmap" role="table" style={{ gridTemplateColumns: `minmax(90px, max-content) repeat(${columns.length}, minmax(14px, 1fr))` }}>
      <div role="row" className="heatmap-row">
        <span role="columnheader" />
        {columns.map((c) => (
          <span role="columnheader" key={c} className="heatmap-col">{c % 3 === 0 ? c : ""}</span>
        ))}
      </div>
      {rows.map((r) => (
        <div role="row" className="heatmap-row" key={r.key} data-testid={`heat-row-${r.key}`}>
          <span role="rowheader" className="heatmap-label">
            {onRowClick ? <button type="button" className="link-button" onClick={() => onRowClick(r.key)}>{r.label}</button> : r.label}
          </span>
          {columns.map((c) => {
            const v = values.get(`${r.key}|${c}`);
            const text = v === null ? hiddenLabel : format(v ?? 0);
            return (
              <span role="cell" key={c} className="heatmap-cell" title={`${r.label} ${c}:00 · ${text}`} aria-label={`${c}:00 ${text}`}
                style={{ background: v === null ? "repeating-linear-gradient(45deg, var(--border) 0 2px, transparent 2px 5px)" : heatColor((v ?? 0) / max) }} />
            );
          })}
        </div>
      ))}
    </div>
  );
}
