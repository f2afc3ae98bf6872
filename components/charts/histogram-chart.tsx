"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID } from "./palette";

export interface HistogramBin {
  label: string;
  count: number;
}

/** Counts per bin, bins in order; labels name each bin's range. */
export function HistogramChart({ bins, format, color = "var(--accent)" }: { bins: HistogramBin[]; format: (n: number) => string; color?: string }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={bins} margin={{ top: 8, right: 16, bottom: 4, left: 8 }} barCategoryGap={1}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="label" stroke={AXIS} fontSize={10} interval="preserveStartEnd" minTickGap={8} />
        <YAxis tickFormatter={format} stroke={AXIS} fontSize={11} width={56} />
        <Tooltip formatter={(v) => format(Number(v))} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", fontSize: 12 }} />
        <Bar dataKey="count" fill={color} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
