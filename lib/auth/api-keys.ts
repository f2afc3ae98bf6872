import "server-only";
import crypto from "node:crypto";
import type { Db } from "../db/client";

// Ingestion keys are shown once and stored only as a SHA-256 hash: they are
// long random strings, so a slow password hash adds nothing but latency.

const PREFIX = "hpm_";

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(db: Db, name: string): Promise<{ id: string; key: string; prefix: string }> {
  const key = `${PREFIX}${crypto.randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  const id = crypto.randomUUID();
  await db.apiKey.create({ data: { id, name, prefix, keyHash: hashApiKey(key) } });
  return { id, key, prefix };
}

export async function revokeApiKey(db: Db, id: string): Promise<void> {
  await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
}

/** The key's id when it is known and not revoked; records when it was last used (at most once a minute). */
export async function verifyApiKey(db: Db, key: string): Promise<{ id: string; name: string; walletCodes: string[] } | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const found = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!found || found.revokedAt) return null;
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: found.id, name: found.name, walletCodes: found.walletCodes };
}
