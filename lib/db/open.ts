import "server-only";
import { getEnv } from "../env";
import { createDb, type Db } from "./client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-server";
import { runningEmbeddedUrl } from "./embedded-url";

export interface OpenDatabase {
  url: string;
  db: Db;
  backend: "postgres" | "embedded";
  /** Set when this process became the owner of the embedded database. */
  owner?: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * For CLIs and tests: real PostgreSQL when DATABASE_URL is set; otherwise the
 * running embedded owner, or this process becomes the owner until close().
 */
export async function openDatabase(): Promise<OpenDatabase> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const db = createDb(env.DATABASE_URL, env.DB_POOL_MAX);
    return { url: env.DATABASE_URL, db, backend: "postgres", close: () => db.$disconnect() };
  }
  const running = runningEmbeddedUrl(env.PGLITE_DIR);
  if (running) {
    const db = createDb(running, env.DB_POOL_MAX);
    return { url: running, db, backend: "embedded", close: () => db.$disconnect() };
  }
  const owner = await startEmbeddedDatabase({
    dataDir: env.PGLITE_DIR,
    port: env.PGLITE_PORT,
    upkeepEveryMs: env.EMBEDDED_UPKEEP_MINUTES * 60_000,
  });
  const db = createDb(owner.url, env.DB_POOL_MAX);
  return {
    url: owner.url,
    db,
    backend: "embedded",
    owner,
    async close() {
      await db.$disconnect();
      await owner.close();
    },
  };
}
