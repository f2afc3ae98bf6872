import "server-only";
import { decode, getToken, type JWT } from "next-auth/jwt";
import type { Db } from "../db/client";
import { parseCookies } from "../http/cookies";
import type { SessionUser } from "./roles";
import { authSecret } from "./secret";
import { activeUser } from "./users";

// Decrypting a session token derives its key (HKDF) and opens the JWE every time: about 110 µs of
// the app's one thread per request, 3% of a dashboard request under load. A token is immutable and
// says when it expires, so each is opened once; the user behind it is still read on every request
// (lib/auth/users.ts: activeUser), so disabling someone or changing their role takes effect at once.
const MAX_TOKENS = 2_000;
const opened = new Map<string, JWT | null>();

async function openToken(raw: string): Promise<JWT | null> {
  const kept = opened.get(raw);
  if (kept !== undefined) {
    if (kept && typeof kept.exp === "number" && kept.exp * 1000 <= Date.now()) {
      opened.delete(raw);
      return null;
    }
    return kept;
  }
  const token = await decode({ token: raw, secret: authSecret() }).catch(() => null);
  opened.set(raw, token);
  if (opened.size > MAX_TOKENS) opened.delete(opened.keys().next().value!);
  return token;
}

/** The user behind a session token, if they still exist and are enabled (role and districts as they are now). */
export async function userFromToken(db: Db, req: Parameters<typeof getToken>[0]["req"]): Promise<SessionUser | null> {
  // raw: the cookie (or bearer) value as sent, found the way next-auth finds it (chunked cookies too)
  const raw = await getToken({ req, secret: authSecret(), raw: true });
  const token = raw ? await openToken(raw) : null;
  return typeof token?.uid === "string" ? activeUser(db, token.uid) : null;
}

/** The signed-in user of a route handler's request; free of Next's page APIs, so handlers run anywhere. */
export function userFromRequest(db: Db, request: Request): Promise<SessionUser | null> {
  return userFromToken(db, { headers: request.headers, cookies: parseCookies(request.headers.get("cookie")) } as never);
}
