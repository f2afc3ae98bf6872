import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/db/throwaway";

// A PostgreSQL cluster of a test's own (initdb in a temp directory, its own
// port), so a fault test can crash and restart it without touching the
// machine's server. PostgreSQL refuses to run as root: as root, the cluster
// belongs to the postgres user and its commands run through runuser.

export interface Cluster {
  url: string;
  port: number;
  dir: string;
  /** pg_ctl stop -m immediate then start: a crash, with recovery from the WAL on start (async: clients keep running) */
  crashRestart(): Promise<void>;
  stop(): void;
}

function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const config = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (config.status === 0 && fs.existsSync(path.join(config.stdout.trim(), "initdb"))) return config.stdout.trim();
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(root, v, "bin", "initdb"))) return path.join(root, v, "bin");
  throw new Error("No PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql or set PG_BINDIR");
}

/** Undefined when a throwaway cluster can be made here; otherwise why not. */
export function clusterUnavailable(): string | undefined {
  try {
    binDir();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hpm-cluster-"));
  const dir = path.join(root, "data");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.chmodSync(root, 0o755);
    execFileSync("chown", ["postgres:postgres", root]);
  }
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : path.join(bin, cmd), asRoot ? ["-u", "postgres", "--", path.join(bin, cmd), ...args] : args, { stdio: "pipe", timeout: 120_000 });
  run("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  const runAsync = (cmd: string, args: string[]) =>
    promisify(execFile)(asRoot ? "runuser" : path.join(bin, cmd), asRoot ? ["-u", "postgres", "--", path.join(bin, cmd), ...args] : args, { timeout: 120_000 });
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=40`;
  const start = () => run("pg_ctl", ["-D", dir, "-o", options, "-l", path.join(root, "log"), "-w", "-t", "60", "start"]);
  start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE test");
  await admin.end();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    port,
    dir,
    async crashRestart() {
      await runAsync("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
      await runAsync("pg_ctl", ["-D", dir, "-o", options, "-l", path.join(root, "log"), "-w", "-t", "60", "start"]);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already down
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
