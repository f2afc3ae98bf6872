import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// PGlite has no data-directory lock of its own and a second opener corrupts the
// directory, so ownership is claimed with an exclusive lock file beside it.

export interface LockInfo {
  pid: number;
  host: string;
  port?: number;
  startedAt: string;
}

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockInfo,
  ) {
    super(
      `The embedded database at ${dataDir} is already owned by process ${owner.pid}` +
        (owner.port ? ` (serving on 127.0.0.1:${owner.port})` : " (still starting)") +
        ` since ${owner.startedAt}. Only one process may open it: stop that process, ` +
        `or connect to it over the Postgres protocol instead of opening the directory.`,
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")) as LockInfo;
    return typeof info.pid === "number" ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The live owner of dataDir, if any; a lock left by a dead process is ignored. */
export function liveOwner(dataDir: string): LockInfo | undefined {
  const info = readLock(dataDir);
  if (!info) return undefined;
  if (info.host !== os.hostname()) return info;
  return isAlive(info.pid) ? info : undefined;
}

export function acquireLock(dataDir: string): LockInfo {
  const lockPath = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      return info;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = readLock(dataDir);
      if (owner && (owner.host !== info.host || isAlive(owner.pid))) {
        throw new EmbeddedDatabaseBusyError(dataDir, owner);
      }
      // Stale lock from a process that died without cleaning up.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}; another process keeps creating it.`);
}

export function updateLock(dataDir: string, info: LockInfo): void {
  fs.writeFileSync(lockPathFor(dataDir), JSON.stringify(info));
}

export function releaseLock(dataDir: string): void {
  const owner = readLock(dataDir);
  if (owner && owner.pid === process.pid) fs.rmSync(lockPathFor(dataDir), { force: true });
}
