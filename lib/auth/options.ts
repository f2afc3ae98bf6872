import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db";
import { getEnv } from "../env";
import { audit } from "./audit";
import { authSecret } from "./secret";
import { activeUserByEmail, SignInError, signInWithPassword } from "./users";

const SESSION_HOURS = 8;

export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : ([headers[name]].flat()[0] ?? null));
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || null;
}

function oidcProvider(): NextAuthOptions["providers"] {
  const env = getEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: env.OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
    },
  ];
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          if (!email || !password || password.length > 200) throw new Error("invalid");
          try {
            const user = await signInWithPassword(getDb(), email, password, clientAddress(req.headers ?? {}));
            return { id: user.id, email: user.email, name: user.name };
          } catch (err) {
            // the sign-in page turns the reason into a message in the reader's language
            if (err instanceof SignInError) throw new Error(err.reason);
            throw err;
          }
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      // single sign-on admits only people an administrator has already added
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        const known = user.email ? await activeUserByEmail(getDb(), user.email) : null;
        if (!known) {
          await audit(getDb(), { action: "sign_in_failed", actorEmail: user.email ?? undefined, detail: { method: "oidc", reason: "no such user" } });
          return "/sign-in?error=unknown_user";
        }
        await audit(getDb(), { action: "sign_in", actor: known, detail: { method: "oidc" } });
        user.id = known.id;
        return true;
      },
      async jwt({ token, user }) {
        // only the id travels in the cookie; role and districts are read fresh on every request
        if (user) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid === "string") await audit(getDb(), { action: "sign_out", actor: { id: token.uid, email: token.email ?? "" } });
      },
    },
  };
}
