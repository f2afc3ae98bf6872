import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { createUser } from "@/lib/auth/users";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, releaseAppDatabase, skipReason, useAppDatabase, type TestDatabase } from "../helpers/test-db";

const skip = await skipReason();

// The identity provider itself cannot run here; what is ours is tested: the
// provider appears only when configured, and only known, enabled users get in.
describe.skipIf(skip)("single sign-on (OpenID Connect)", () => {
  let t: TestDatabase;
  const env = { OIDC_ISSUER: "https://sso.example.org/realms/city", OIDC_CLIENT_ID: "hpm", OIDC_CLIENT_SECRET: "s3cret" };
  beforeAll(async () => {
    t = await createTestDatabase();
    useAppDatabase(t.url);
  });
  afterAll(async () => {
    for (const k of Object.keys(env)) delete process.env[k];
    resetEnvCache();
    await releaseAppDatabase();
    await t?.close();
  });

  it("is offered only when all three settings are present", () => {
    expect(authOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
    Object.assign(process.env, env);
    resetEnvCache();
    const oidc = authOptions().providers.find((p) => p.id === "oidc") as { wellKnown?: string; checks?: string[] } | undefined;
    expect(oidc?.wellKnown).toBe("https://sso.example.org/realms/city/.well-known/openid-configuration");
    expect(oidc?.checks).toEqual(["pkce", "state"]);
    delete process.env.OIDC_CLIENT_SECRET;
    resetEnvCache();
    expect(() => authOptions()).toThrow(/needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    process.env.OIDC_CLIENT_SECRET = env.OIDC_CLIENT_SECRET;
    resetEnvCache();
  });

  it("admits only people an administrator added, and audits both outcomes", async () => {
    const known = await createUser(t.db, { email: "dana@city.example", name: "Dana", role: "OFFICIAL" }, null);
    const signIn = authOptions().callbacks!.signIn!;
    const account = { provider: "oidc", type: "oauth", providerAccountId: "x" } as never;
    const stranger = { id: "sub-1", email: "eve@elsewhere.example" };
    expect(await signIn({ user: stranger, account } as never)).toBe("/sign-in?error=unknown_user");
    const dana = { id: "sub-2", email: "DANA@city.example" };
    expect(await signIn({ user: dana, account } as never)).toBe(true);
    // the session then carries our user id, not the provider's subject
    expect(dana.id).toBe(known.id);
    const actions = await t.db.auditEntry.findMany({ where: { actorEmail: { in: ["eve@elsewhere.example", "dana@city.example"] } } });
    expect(actions.map((a) => `${a.actorEmail} ${a.action}`).sort()).toEqual(["dana@city.example sign_in", "eve@elsewhere.example sign_in_failed"]);
  });
});
