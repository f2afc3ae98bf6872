"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID, seriesColor } from "./palette";

export interface BarRow {
  key: string;
  label: string;
  value: number;
  color?: string;
}

/** Horizontal bars, largest first as given: shares by country, failure categories, result codes. */
export function BarListChart({ rows, format }: { rows: BarRow[]; format: (v: number) => string }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 28 + 30)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis type="number" tickFormatter={format} stroke={AXIS} fontSize={11} allowDecimals={false} />
        <YAxis type="category" dataKey="label" width={130} stroke={AXIS} fontSize={11} interval={0} />
        <Tooltip formatter={(v) => format(Number(v))} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", fontSize: 12 }} />
        <Bar dataKey="value" isAnimationActive={false}>
          {rows.map((r, i) => (
            <Cell key={r.key} fill={r.color ?? seriesColor(i)} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
