import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { referenceData } from "../reference/data";

// Ingestion keys are shown once and stored only as a SHA-256 hash: they are
// long random strings, so a slow password hash adds nothing but latency.

const PREFIX = "hpm_";

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export const API_KEY_PERMISSIONS = ["transactions", "fx-rates"] as const;
export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

export interface VerifiedApiKey {
  id: string;
  name: string;
  /** empty: any wallet */
  walletCodes: string[];
  permissions: ApiKeyPermission[];
}

export const newApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  // empty: any wallet
  wallets: z
    .array(z.string())
    .max(50)
    .default([])
    .superRefine((list, ctx) => {
      const known = referenceData().wallets.map((w) => w.code);
      for (const w of list) if (!known.includes(w)) ctx.addIssue({ code: "custom", message: `unknown wallet ${w}` });
    }),
  // payments only unless asked: reference rates move every spread, so writing them is granted on purpose
  permissions: z
    .array(z.enum(API_KEY_PERMISSIONS, { message: `must be one of ${API_KEY_PERMISSIONS.join(", ")}` }))
    .min(1, "a key needs at least one permission")
    .default(["transactions"])
    .transform((list) => [...new Set(list)]),
});
export type NewApiKey = z.input<typeof newApiKeySchema>;

/** The plaintext key is returned here once and never stored. */
export async function createApiKey(
  db: Db,
  input: NewApiKey | string,
  createdBy?: string,
): Promise<{ id: string; key: string; prefix: string }> {
  const spec = newApiKeySchema.parse(typeof input === "string" ? { name: input } : input);
  const key = `${PREFIX}${crypto.randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  const id = crypto.randomUUID();
  await db.apiKey.create({ data: { id, name: spec.name, prefix, keyHash: hashApiKey(key), walletCodes: spec.wallets, permissions: spec.permissions, createdBy } });
  return { id, key, prefix };
}

/** Revoking twice is harmless; the first revocation time stays. */
export async function revokeApiKey(db: Db, id: string): Promise<{ name: string } | null> {
  const found = await db.apiKey.findUnique({ where: { id } });
  if (!found) return null;
  if (!found.revokedAt) await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  return { name: found.name };
}

export async function listApiKeys(db: Db) {
  const keys = await db.apiKey.findMany({ orderBy: { createdAt: "desc" } });
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    wallets: k.walletCodes,
    permissions: k.permissions,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** The key's id when it is known and not revoked; records when it was last used (at most once a minute). */
export async function verifyApiKey(db: Db, key: string): Promise<VerifiedApiKey | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const found = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!found || found.revokedAt) return null;
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  const permissions = found.permissions.filter((p): p is ApiKeyPermission => (API_KEY_PERMISSIONS as readonly string[]).includes(p));
  return { id: found.id, name: found.name, walletCodes: found.walletCodes, permissions };
}
