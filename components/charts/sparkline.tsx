"use client";

import { Area, AreaChart, ResponsiveContainer } from "recharts";

/** A tiny trend under a headline figure; the figure itself carries the number. */
export function Sparkline({ values, color = "var(--accent)" }: { values: number[]; color?: string }) {
  if (values.length < 2) return null;
  return (
    <div className="sparkline" aria-hidden>
      <ResponsiveContainer width="100%" height={36}>
        <AreaChart data={values.map((v, i) => ({ i, v }))} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
          <Area type="linear" dataKey="v" stroke={color} fill={color} fillOpacity={0.15} strokeWidth={1.5} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
