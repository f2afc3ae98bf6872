import "server-only";
import type { Db } from "../db/client";

/**
 * Counts a hit in a fixed window shared by every app worker (the counter
 * lives in the database, so limits hold across processes) and says whether
 * it is within the limit, and if not, when to retry.
 */
export async function hit(db: Db, key: string, limit: number, windowSeconds: number): Promise<{ ok: boolean; retryAfterSeconds: number }> {
  const now = Date.now();
  const windowStart = Math.floor(now / (windowSeconds * 1000)) * windowSeconds * 1000;
  const [row] = await db.$queryRawUnsafe<{ hits: number }[]>(
    `INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, $2::timestamptz, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.hits + 1 ELSE 1 END,
       window_start = EXCLUDED.window_start
     RETURNING hits`,
    key.slice(0, 300),
    new Date(windowStart).toISOString(),
  );
  const retryAfterSeconds = Math.ceil((windowStart + windowSeconds * 1000 - now) / 1000);
  return { ok: (row?.hits ?? 0) <= limit, retryAfterSeconds };
}
