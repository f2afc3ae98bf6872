"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import { legendContent } from "./chart-legend";
import { AXIS, GRID } from "./palette";

export interface BandRow {
  x: string;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** A median line inside its 90th and 99th percentile band. */
export function BandChart({
  rows, color, labels, formatX, formatY, marks = [], height = 260,
}: {
  rows: BandRow[];
  color: string;
  labels: { p50: string; p90: string; p99: string };
  formatX: (x: string) => string;
  formatY: (y: number) => string;
  marks?: ReactNode[];
  height?: number;
}) {
  const data = rows.map((r) => ({
    x: r.x,
    p50: r.p50,
    band90: r.p50 !== null && r.p90 !== null ? [r.p50, r.p90] : null,
    band99: r.p90 !== null && r.p99 !== null ? [r.p90, r.p99] : null,
  }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 12, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="x" tickFormatter={formatX} stroke={AXIS} fontSize={11} minTickGap={16} />
        <YAxis tickFormatter={formatY} stroke={AXIS} fontSize={11} width={56} />
        <Tooltip
          labelFormatter={(x) => formatX(String(x))}
          formatter={(v) => (Array.isArray(v) ? v.map((n) => formatY(Number(n))).join(" – ") : formatY(Number(v)))}
          contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", fontSize: 12 }}
        />
        <Legend content={legendContent()} />
        {marks}
        <Area dataKey="band99" name={`${labels.p90} – ${labels.p99}`} stroke="none" fill={color} fillOpacity={0.12} isAnimationActive={false} />
        <Area dataKey="band90" name={`${labels.p50} – ${labels.p90}`} stroke="none" fill={color} fillOpacity={0.3} isAnimationActive={false} />
        <Line dataKey="p50" name={labels.p50} stroke={color} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
