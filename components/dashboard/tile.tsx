import type { ReactNode } from "react";
import { Sparkline } from "../charts/sparkline";

/** A headline figure with an optional trend under it. */
export function Tile({ label, value, hint, testId, trend }: { label: string; value: ReactNode; hint?: ReactNode; testId: string; trend?: number[] }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={testId}>{value}</div>
      {hint ? <div className="tile-hint">{hint}</div> : null}
      {trend ? <Sparkline values={trend} /> : null}
    </div>
  );
}
