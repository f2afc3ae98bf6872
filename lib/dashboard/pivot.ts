// Long rows (x, series, value) into the wide rows charts draw: one row per x,
// one column per series. Missing cells become 0 where the series is a count
// (no payments) and stay null where it is a rate (nothing to measure).

export function pivot<T>(
  rows: readonly T[],
  x: (r: T) => string,
  series: (r: T) => string,
  value: (r: T) => number | null,
  missing: 0 | null = 0,
): { rows: ({ x: string } & Record<string, number | null>)[]; series: string[] } {
  const xs = [...new Set(rows.map(x))].sort();
  const keys = [...new Set(rows.map(series))];
  const byX = new Map(xs.map((k) => [k, { x: k, ...Object.fromEntries(keys.map((s) => [s, missing])) } as { x: string } & Record<string, number | null>]));
  const seen = new Set<string>();
  for (const r of rows) {
    const row = byX.get(x(r))!;
    const v = value(r);
    const prev = row[series(r)];
    // a hidden part makes the whole cell unknown: a partial sum would understate it
    row[series(r)] = v === null || prev === null && seen.has(`${x(r)}|${series(r)}`) ? null : (prev ?? 0) + v;
    seen.add(`${x(r)}|${series(r)}`);
  }
  return { rows: [...byX.values()], series: keys };
}
