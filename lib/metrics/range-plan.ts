import { bucketStartSeconds, type Grain } from "../store/rollup-keys";

export interface RangePart {
  grain: Grain;
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
 * Splits [from, to) into whole local days, whole hours at the edges and
 * five-minute edges (each read from a rollup of that grain), so any range reads few rows and
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
  const push = (grain: Grain, a: number, b: number) => {
    if (a < b) parts.push({ grain, from: new Date(a), to: new Date(b) });
  };
  const byHours = (a: number, b: number) => {
    if (coarsest === 300) return push(300, a, b);
    const h0 = ceilTo(a, 3600);
    const h1 = floorTo(b, 3600);
    if (h0 >= h1) return push(finestSeconds, a, b);
    push(300, a, h0);
    push(3600, h0, h1);
    push(300, h1, b);
  };
  const d0 = ceilTo(start, 86400);
  const d1 = floorTo(end, 86400);
  if (d0 < d1 && coarsest === 86400) {
    byHours(start, d0);
    push(86400, d0, d1);
    byHours(d1, end);
  } else {
    byHours(start, end);
  }
  return { from: new Date(start), to: new Date(end), parts };
}
