import { liveOwner } from "./embedded-lock";

// Kept apart from embedded-server.ts so the app can find the owner without
// bundling PGlite itself.

export function embeddedUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** The running owner's address, or undefined when no live process owns dataDir. */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  const owner = liveOwner(dataDir);
  return owner?.port ? embeddedUrl(owner.port) : undefined;
}
