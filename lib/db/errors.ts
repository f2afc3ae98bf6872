// PostgreSQL's SQLSTATE codes the app acts on, and the one retry it does on them.

export const SQLSTATE = {
  /** chosen as a deadlock's victim (Citus too, for a distributed deadlock) */
  deadlock: "40P01",
  /** a repeatable-read or serializable transaction met a concurrent write */
  serialization: "40001",
  /** lock_timeout passed */
  lockTimeout: "55P03",
} as const;

type SqlState = (typeof SQLSTATE)[keyof typeof SQLSTATE];

/** Whether a database error carries one of these codes. */
export function hasSqlState(err: unknown, ...codes: SqlState[]): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && (codes as string[]).includes(code);
}

/**
 * Runs fn, and again (up to `attempts` runs in all) while it fails with one of `codes`, waiting
 * 200 ms more before each new run. For work that rolled back whole, where a second run is safe.
 */
export async function retryOnSqlState<T>(codes: SqlState[], attempts: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !hasSqlState(err, ...codes)) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
