import "server-only";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { seedReferenceData } from "../reference/seed";
import { createDb, type Db } from "./client";
import { startEmbeddedDatabase } from "./embedded-server";
import { migrate } from "./migrate";
import { createScratchDatabase, createScratchSchema, inCitusDdlTurn } from "./scratch";
import { placeForCitus } from "../store/placement";

export type Backend = "pglite" | "postgres" | "citus";

export interface ThrowawayDatabase {
  backend: Backend;
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A fresh, migrated database for tests and benchmarks: a PGlite owner on a
 * temp directory and free port, a new database beside postgresUrl, or a new
 * schema in the Citus cluster at postgresUrl, its tables distributed.
 */
export async function createThrowawayDatabase(
  backend: Backend,
  postgresUrl: string,
  opts: { seedReference?: boolean } = {},
): Promise<ThrowawayDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (backend === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-pglite-"));
    const owner = await startEmbeddedDatabase({ dataDir: path.join(dir, "db"), port: await freePort() });
    url = owner.url;
    cleanup = async () => {
      await owner.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else if (backend === "citus") {
    const scratch = await createScratchSchema(postgresUrl, "hpm_tmp");
    url = scratch.url;
    cleanup = scratch.drop;
  } else {
    const scratch = await createScratchDatabase(postgresUrl, "hpm_tmp");
    url = scratch.url;
    cleanup = scratch.drop;
  }
  if (backend === "citus") {
    await inCitusDdlTurn(postgresUrl, async () => {
      await migrate(url);
      await placeForCitus(url);
    });
  } else {
    await migrate(url);
  }
  const db = createDb(url, 4);
  if (opts.seedReference !== false) await seedReferenceData(db);
  return {
    backend,
    url,
    db,
    async close() {
      await db.$disconnect();
      await cleanup();
    },
  };
}
