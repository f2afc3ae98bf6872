"use client";

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useState, type ReactNode } from "react";
import { legendContent } from "./chart-legend";
import { AXIS, GRID } from "./palette";

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface SeriesChartProps {
  /** one row per x value; series values by series key, null for a gap */
  rows: ({ x: string } & Record<string, number | string | null>)[];
  series: Series[];
  kind: "stacked-area" | "line";
  formatX: (x: string) => string;
  formatY: (y: number) => string;
  /** e.g. calendarMarks(...) */
  marks?: ReactNode[];
  baseline?: { value: number; label: string } | null;
  yDomain?: [number, number];
  height?: number;
}

/**
 * Time series by category: stacked areas (shares that add up) or lines (rates that do not). Straight
 * segments between the buckets: a smoothed curve would suggest values between days that do not exist.
 * A click on a line chart's legend entry shows that series alone; a second click shows them all.
 */
export function SeriesChart({ rows, series, kind, formatX, formatY, marks = [], baseline, yDomain, height = 280 }: SeriesChartProps) {
  const Chart = kind === "stacked-area" ? AreaChart : LineChart;
  const [picked, setPicked] = useState<string | null>(null);
  // a series the new data no longer has (another filter) leaves every line drawn
  const alone = series.some((s) => s.key === picked) ? picked : null;
  const isolate = (key: string) => setPicked(alone === key ? null : key);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <Chart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="x" tickFormatter={formatX} stroke={AXIS} fontSize={11} minTickGap={16} />
        <YAxis tickFormatter={formatY} stroke={AXIS} fontSize={11} width={64} domain={yDomain ?? [0, "auto"]} allowDataOverflow={!!yDomain} />
        <Tooltip
          labelFormatter={(x) => formatX(String(x))}
          formatter={(v) => (typeof v === "number" ? formatY(v) : String(v))}
          contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", fontSize: 12 }}
        />
        {/* in the order of `series` (Recharts sorts by label otherwise) */}
        <Legend content={legendContent({ order: (key) => series.findIndex((s) => s.key === key), onPick: kind === "line" ? isolate : undefined, picked: alone })} />
        {marks}
        {baseline ? (
          <ReferenceLine y={baseline.value} stroke="var(--text)" strokeDasharray="6 4"
            label={{ value: baseline.label, position: "insideTopRight", fontSize: 11, fill: "var(--text)" }} />
        ) : null}
        {series.map((s) =>
          kind === "stacked-area" ? (
            <Area key={s.key} type="linear" dataKey={s.key} name={s.label} stackId="1" stroke={s.color} fill={s.color} fillOpacity={0.7} isAnimationActive={false} />
          ) : (
            <Line key={s.key} type="linear" dataKey={s.key} name={s.label} stroke={s.color} dot={false} strokeWidth={2} connectNulls={false}
              hide={alone !== null && alone !== s.key} isAnimationActive={false} />
          ),
        )}
      </Chart>
    </ResponsiveContainer>
  );
}
