import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeKeyRoute } from "@/app/api/admin/api-keys/[id]/route";
import { POST as createKeyRoute } from "@/app/api/admin/api-keys/route";
import { GET as auditRoute } from "@/app/api/admin/audit/route";
import { PATCH as updateUserRoute } from "@/app/api/admin/users/[id]/route";
import { GET as listUsersRoute, POST as createUserRoute } from "@/app/api/admin/users/route";
import { POST as ingestRoute } from "@/app/api/v1/transactions/route";
import { SignInError, createUser, signInWithPassword, updateUser } from "@/lib/auth/users";
import { sessionCookieFor } from "@/lib/cli/session-cookie";
import { resetEnvCache } from "@/lib/env";
import { upsertMerchants } from "@/lib/ingest/merchants";
import { TEST_MERCHANTS, walletRow } from "../helpers/fixtures";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();
const PASSWORD = "correct horse battery";

describe.skipIf(skip)("sign-in, roles, admin and audit", () => {
  let t: TestDatabase;
  let admin: { cookie: string; userId: string };
  const reason = async (p: Promise<unknown>) => {
    try {
      await p;
      return "signed in";
    } catch (err) {
      return err instanceof SignInError ? err.reason : `unexpected: ${(err as Error).message}`;
    }
  };
  const auditActions = async (email: string) =>
    (await t.db.auditEntry.findMany({ where: { actorEmail: email }, orderBy: { id: "asc" } })).map((e) => e.action);
  const req = (url: string, init: RequestInit & { cookie?: string } = {}) =>
    new Request(`http://test${url}`, { ...init, headers: { "content-type": "application/json", host: "test", ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers as Record<string, string>) } });
  const segment = (id: string) => ({ params: Promise.resolve({ id }) });

  beforeAll(async () => {
    t = await createTestDatabase();
    await upsertMerchants(t.db, TEST_MERCHANTS);
    useAppDatabase(t.url);
    admin = await sessionCookieFor(t.db, "ADMIN");
  });
  afterEach(() => {
    for (const k of ["SIGN_IN_MAX_PER_ADDRESS", "INGEST_MAX_PER_MINUTE"]) delete process.env[k];
    resetEnvCache();
  });
  afterAll(async () => {
    await releaseAppDatabase();
    await t?.close();
  });

  it("signs in with the right password only, and audits every attempt without telling who exists", async () => {
    await createUser(t.db, { email: "Ana@Example.org", name: "Ana", role: "OPS", password: PASSWORD }, null);
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: "ana@example.org" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await reason(signInWithPassword(t.db, "ana@example.org", "wrong password!", "10.0.0.1"))).toBe("invalid");
    expect(await reason(signInWithPassword(t.db, "nobody@example.org", PASSWORD, "10.0.0.1"))).toBe("invalid");
    const user = await signInWithPassword(t.db, " ANA@example.org ", PASSWORD, "10.0.0.1");
    expect(user).toMatchObject({ email: "ana@example.org", role: "OPS", districts: [] });
    expect(await auditActions("ana@example.org")).toEqual(["sign_in_failed", "sign_in"]);
    expect(await t.db.auditEntry.count({ where: { action: "user_created", target: "ana@example.org" } })).toBe(1);
    expect(await auditActions("nobody@example.org")).toEqual(["sign_in_failed"]);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { actorEmail: "ana@example.org", action: "sign_in" } });
    expect(entry.ip).toBe("10.0.0.1");
    const everything = (await t.db.auditEntry.findMany()).map((e) => JSON.stringify({ ...e, id: String(e.id) }));
    expect(everything.join("\n")).not.toContain(PASSWORD);
  });

  it("locks an account after repeated wrong passwords, even against the right one, until an admin resets it", async () => {
    const u = await createUser(t.db, { email: "bo@example.org", name: "Bo", role: "OFFICIAL", password: PASSWORD }, null);
    for (let i = 0; i < 4; i++) expect(await reason(signInWithPassword(t.db, "bo@example.org", `nope-${i}-xxxxxxx`, "10.0.0.2"))).toBe("invalid");
    expect(await reason(signInWithPassword(t.db, "bo@example.org", "fifth-wrong-xxxxx", "10.0.0.2"))).toBe("locked");
    expect(await reason(signInWithPassword(t.db, "bo@example.org", PASSWORD, "10.0.0.2"))).toBe("locked");
    expect(await auditActions("bo@example.org")).toContain("sign_in_locked");
    const self = (await t.db.user.findUniqueOrThrow({ where: { id: admin.userId } })) as unknown as { id: string; email: string };
    await updateUser(t.db, u.id, { password: "a brand new passphrase" }, { ...self, name: "a", role: "ADMIN", districts: [] });
    expect(await reason(signInWithPassword(t.db, "bo@example.org", "a brand new passphrase", "10.0.0.2"))).toBe("signed in");
  });

  it("limits attempts per client address across accounts", async () => {
    process.env.SIGN_IN_MAX_PER_ADDRESS = "3";
    resetEnvCache();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await reason(signInWithPassword(t.db, `x${i}@example.org`, PASSWORD, "10.9.9.9")));
    expect(results).toEqual(["invalid", "invalid", "invalid", "rate_limited"]);
    // another address is not affected
    expect(await reason(signInWithPassword(t.db, "x9@example.org", PASSWORD, "10.9.9.8"))).toBe("invalid");
  });

  it("lets only admins manage users, with clear errors and audited role changes", async () => {
    const ops = await sessionCookieFor(t.db, "OPS");
    expect((await listUsersRoute(req("/api/admin/users", { cookie: ops.cookie }))).status).toBe(403);
    expect((await listUsersRoute(req("/api/admin/users"))).status).toBe(401);
    const body = { email: "cy@example.org", name: "Cy", role: "OFFICIAL", districts: ["xihu"], password: PASSWORD };
    const created = await createUserRoute(req("/api/admin/users", { method: "POST", body: JSON.stringify(body), cookie: admin.cookie }));
    expect(created.status).toBe(201);
    const { user } = await created.json();
    expect(user).toMatchObject({ email: "cy@example.org", role: "OFFICIAL", districts: ["xihu"] });
    expect((await createUserRoute(req("/api/admin/users", { method: "POST", body: JSON.stringify(body), cookie: admin.cookie }))).status).toBe(409);
    const bad = await createUserRoute(req("/api/admin/users", { method: "POST", body: JSON.stringify({ ...body, email: "dee@example.org", role: "ROOT", districts: ["atlantis"], password: "short" }), cookie: admin.cookie }));
    expect(bad.status).toBe(422);
    const message = (await bad.json()).message as string;
    expect(message).toContain("role:");
    expect(message).toContain("unknown district atlantis");
    expect(message).toContain("password:");
    expect((await createUserRoute(req("/api/admin/users", { method: "POST", body: "{not json", cookie: admin.cookie }))).status).toBe(400);
    // a forged cross-site form post is refused before anything happens
    const forged = await createUserRoute(req("/api/admin/users", { method: "POST", body: JSON.stringify({ ...body, email: "evil@example.org" }), cookie: admin.cookie, headers: { origin: "https://evil.example" } }));
    expect(forged.status).toBe(403);
    expect(await t.db.user.findUnique({ where: { email: "evil@example.org" } })).toBeNull();
    const promote = await updateUserRoute(req(`/api/admin/users/${user.id}`, { method: "PATCH", body: JSON.stringify({ role: "OPS", districts: [] }), cookie: admin.cookie }), segment(user.id));
    expect(promote.status).toBe(200);
    const change = await t.db.auditEntry.findFirstOrThrow({ where: { action: "user_updated", target: "cy@example.org" } });
    expect(change.detail).toMatchObject({ role: { from: "OFFICIAL", to: "OPS" } });
    const selfDemote = await updateUserRoute(req(`/api/admin/users/${admin.userId}`, { method: "PATCH", body: JSON.stringify({ role: "OPS" }), cookie: admin.cookie }), segment(admin.userId));
    expect(selfDemote.status).toBe(409);
    const audit = await auditRoute(req("/api/admin/audit?action=user_updated", { cookie: admin.cookie }));
    expect((await audit.json()).entries.map((e: { target: string }) => e.target)).toContain("cy@example.org");
    expect((await auditRoute(req("/api/admin/audit?action=drop_tables", { cookie: admin.cookie }))).status).toBe(400);
  });

  it("creates wallet-scoped ingestion keys shown once, enforces their scope and rate, and rejects them once revoked", async () => {
    const res = await createKeyRoute(req("/api/admin/api-keys", { method: "POST", body: JSON.stringify({ name: "Kakao feed", wallets: ["KAKAOPAY"] }), cookie: admin.cookie }));
    expect(res.status).toBe(201);
    const { id, key } = await res.json();
    expect(key).toMatch(/^hpm_/);
    expect(JSON.stringify(await t.db.apiKey.findUniqueOrThrow({ where: { id } }))).not.toContain(key);
    const ingest = (rows: unknown[]) => ingestRoute(req("/api/v1/transactions", { method: "POST", body: JSON.stringify(rows), headers: { "x-api-key": key } }));
    const wrongWallet = await ingest([walletRow({ externalId: "K-1", wallet: "ALIPAYHK", currency: "HKD", amount: "108.00" })]);
    expect(wrongWallet.status).toBe(422);
    expect((await wrongWallet.json()).errors[0]).toMatchObject({ row: 0, field: "wallet" });
    expect((await ingest([walletRow({ externalId: "K-2" })])).status).toBe(200);
    process.env.INGEST_MAX_PER_MINUTE = "1";
    resetEnvCache();
    // this key already sent two requests this minute; of two more, at least one is over a limit of one
    // (both, unless a new minute starts between them)
    const more = [await ingest([walletRow({ externalId: "K-2" })]), await ingest([walletRow({ externalId: "K-2" })])];
    const limited = more.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error).toBe("rate_limited");
    const revoked = await revokeKeyRoute(req(`/api/admin/api-keys/${id}`, { method: "DELETE", cookie: admin.cookie }), segment(id));
    expect(revoked.status).toBe(200);
    delete process.env.INGEST_MAX_PER_MINUTE;
    resetEnvCache();
    const after = await ingest([walletRow({ externalId: "K-3" })]);
    expect(after.status).toBe(401);
    const actions = (await t.db.auditEntry.findMany({ where: { target: { startsWith: "Kakao feed" } } })).map((e) => e.action).sort();
    expect(actions).toEqual(["api_key_created", "api_key_revoked"]);
  });
});
