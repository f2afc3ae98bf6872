import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { acquireLock, releaseLock, updateLock, type LockInfo } from "./embedded-lock";
import { embeddedUrl } from "./embedded-url";
import { CHECKPOINT_AFTER_BYTES, startCheckpoints, startMaintenance, type Maintenance } from "./embedded-maintenance";
import { keepExchangesTogether } from "./socket-queue";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Opens the PGlite directory in this process, which becomes its only owner,
 * and serves it over the Postgres wire protocol so every other process (Next
 * workers, CLIs, tests) connects with `pg` exactly as to real PostgreSQL.
 */
export async function startEmbeddedDatabase(opts: {
  dataDir: string;
  port: number;
  maxConnections?: number;
  /** vacuum and analyse every table this often (a long-running owner: the demo, npm start) */
  upkeepEveryMs?: number;
  /** how often to see whether enough WAL was written for a checkpoint, and how much is enough */
  checkpoint?: { everyMs: number; afterBytes: number };
}): Promise<EmbeddedDatabase> {
  const lock: LockInfo = acquireLock(opts.dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(opts.dataDir);
    server = new PGLiteSocketServer({
      db,
      port: opts.port,
      host: "127.0.0.1",
      maxConnections: opts.maxConnections ?? 16,
    });
    keepExchangesTogether(server, db);
    await server.start();
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    releaseLock(opts.dataDir);
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `Port ${opts.port} is in use, so the embedded database cannot be served. Set PGLITE_PORT to a free port.`,
      );
    }
    throw err;
  }
  updateLock(opts.dataDir, { ...lock, port: opts.port });
  const upkeep: Maintenance | null = opts.upkeepEveryMs ? startMaintenance(embeddedUrl(opts.port), opts.upkeepEveryMs) : null;
  // every owner, short-lived ones too: a bulk load writes more WAL than a day of the Games
  const { everyMs, afterBytes } = opts.checkpoint ?? { everyMs: 30_000, afterBytes: CHECKPOINT_AFTER_BYTES };
  const checkpoints = startCheckpoints(embeddedUrl(opts.port), everyMs, afterBytes);

  const onExit = () => releaseLock(opts.dataDir);
  process.once("exit", onExit);
  let closed = false;
  return {
    url: embeddedUrl(opts.port),
    port: opts.port,
    dataDir: opts.dataDir,
    async close() {
      if (closed) return;
      closed = true;
      process.off("exit", onExit);
      await upkeep?.stop();
      await checkpoints.stop();
      await server!.stop();
      await db!.close();
      releaseLock(opts.dataDir);
    },
  };
}
