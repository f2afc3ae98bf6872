import "server-only";
import type { Db } from "../db/client";

// Metric answers kept by (question, data version). The version moves with every
// fold pass, rebuild and merchant change (fold_state.version), so an answer kept
// under the current version is exactly what computing it again would give: a
// dashboard opened by a hundred people runs each query once per change of the data.
// Concurrent askers of the same question share one computation.

// an answer is up to some tens of kB (a Games of daily series): a few tens of MB at most
const MAX_ENTRIES = 500;

interface Entry {
  version: string;
  value: Promise<unknown>;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

export interface CacheStats {
  hits: number;
  misses: number;
}
export const cacheStats: CacheStats = { hits: 0, misses: 0 };

export function cachedAnswer<T>(db: Db, key: string, version: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const kept = cache.get(key);
  if (kept && kept.version === version) {
    cacheStats.hits++;
    // most recently used last, so the oldest is dropped first
    cache.delete(key);
    cache.set(key, kept);
    return kept.value as Promise<T>;
  }
  cacheStats.misses++;
  const value = compute();
  const entry: Entry = { version, value };
  cache.set(key, entry);
  // a failed computation is not kept: the next asker tries again
  value.catch(() => cache.get(key) === entry && cache.delete(key));
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}
