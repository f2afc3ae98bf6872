import pg from "pg";

export interface StatementTime {
  /** the verb and table, e.g. "upsert rollup_1h", "select transactions", "commit" */
  statement: string;
  count: number;
  ms: number;
}

/** A statement's verb and first table: what a benchmark groups its time by. */
export function statementLabel(sql: string): string {
  const s = sql.replace(/\s+/g, " ").trim();
  const insert = /^INSERT INTO (\w+)/i.exec(s);
  if (insert) return `${/ON CONFLICT .* DO UPDATE/i.test(s) ? "upsert" : "insert"} ${insert[1]}`;
  const other = /^(UPDATE|DELETE FROM|SELECT .*? FROM) (\w+)/i.exec(s);
  if (other) return `${other[1]!.split(" ")[0]!.toLowerCase()} ${other[2]}`;
  return s.split(/[ ;]/)[0]!.toLowerCase();
}

/**
 * Sums the time of every statement any pg client of this process sends while
 * recording, by statementLabel. For benchmarks only: it wraps pg's Client.query
 * for the whole process until stop().
 */
export function recordStatementTimes(): { stop: () => StatementTime[] } {
  const times = new Map<string, StatementTime>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const result = original.apply(this, args);
    const first = args[0];
    const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text;
    if (text && result instanceof Promise) {
      const label = statementLabel(text);
      result.then(
        () => {
          const t = times.get(label) ?? { statement: label, count: 0, ms: 0 };
          t.count++;
          t.ms += performance.now() - t0;
          times.set(label, t);
        },
        () => {},
      );
    }
    return result;
  };
  return {
    stop: () => {
      proto.query = original;
      return [...times.values()].sort((a, b) => b.ms - a.ms);
    },
  };
}
