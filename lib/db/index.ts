import "server-only";
import { getEnv } from "../env";
import { createDb, type Db } from "./client";
import { embeddedUrl, runningEmbeddedUrl } from "./embedded-url";

// The app never opens the PGlite directory itself (Next runs several worker
// processes); it connects to the owner process started by `npm run demo`.
export function appDatabaseUrl(): string {
  const env = getEnv();
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return runningEmbeddedUrl(env.PGLITE_DIR) ?? embeddedUrl(env.PGLITE_PORT);
}

const globalForDb = globalThis as unknown as { hpmDb?: Db };

export function getDb(): Db {
  if (!globalForDb.hpmDb) globalForDb.hpmDb = createDb(appDatabaseUrl(), getEnv().DB_POOL_MAX);
  return globalForDb.hpmDb;
}

export type { Db } from "./client";
