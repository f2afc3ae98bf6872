import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../db/client";
import { startEmbeddedDatabase } from "../db/embedded-server";
import { migrate } from "../db/migrate";
import { createScratchDatabase } from "../db/scratch";
import { seedReferenceData } from "../reference/seed";

/** A fresh, migrated, seeded database on one backend for a benchmark, removed by drop(). */
export async function benchDatabase(backend: string, postgresUrl: string): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (backend === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-bench-"));
    const owner = await startEmbeddedDatabase({ dataDir: path.join(dir, "db"), port: 54349 });
    url = owner.url;
    cleanup = async () => {
      await owner.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const scratch = await createScratchDatabase(postgresUrl, "hpm_bench");
    url = scratch.url;
    cleanup = scratch.drop;
  }
  await migrate(url);
  const db = createDb(url, 4);
  await seedReferenceData(db);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await cleanup();
    },
  };
}

export function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1) };
}

export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn();
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}
