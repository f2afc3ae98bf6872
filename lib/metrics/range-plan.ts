import { bucketStartSeconds, type RollupTable } from "../ingest/rollup-keys";

export interface RangePart {
  table: RollupTable;
  from: Date;
  to: Date;
}

export interface RangePlan {
  /** the range actually covered, snapped outward to the finest grid used */
  from: Date;
  to: Date;
  parts: RangePart[];
}

const floorTo = (ms: number, seconds: number) => bucketStartSeconds(ms, seconds) * 1000;
const ceilTo = (ms: number, seconds: number) => {
  const f = floorTo(ms, seconds);
  return f === ms ? f : f + seconds * 1000;
};

/**
 * Splits [from, to) into whole local days (daily table), whole hours at the
 * edges (hourly table) and five-minute edges, so any range reads few rows and
 * every bucket is counted exactly once.
 */
export function planRange(
  from: Date,
  to: Date,
  finestSeconds: 300 | 3600,
  coarsestSeconds: 300 | 3600 | 86400 = 86400,
): RangePlan {
  const coarsest = Math.max(finestSeconds, coarsestSeconds);
  const start = floorTo(from.getTime(), finestSeconds);
  const end = ceilTo(to.getTime(), finestSeconds);
  const parts: RangePart[] = [];
  const push = (table: RollupTable, a: number, b: number) => {
    if (a < b) parts.push({ table, from: new Date(a), to: new Date(b) });
  };
  const byHours = (a: number, b: number) => {
    if (coarsest === 300) return push("rollup_5m", a, b);
    const h0 = ceilTo(a, 3600);
    const h1 = floorTo(b, 3600);
    if (h0 >= h1) return push(finestSeconds === 300 ? "rollup_5m" : "rollup_1h", a, b);
    push("rollup_5m", a, h0);
    push("rollup_1h", h0, h1);
    push("rollup_5m", h1, b);
  };
  const d0 = ceilTo(start, 86400);
  const d1 = floorTo(end, 86400);
  if (d0 < d1 && coarsest === 86400) {
    byHours(start, d0);
    push("rollup_1d", d0, d1);
    byHours(d1, end);
  } else {
    byHours(start, end);
  }
  return { from: new Date(start), to: new Date(end), parts };
}
