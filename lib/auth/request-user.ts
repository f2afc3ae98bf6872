import "server-only";
import { getToken } from "next-auth/jwt";
import type { Db } from "../db/client";
import { parseCookies } from "../http/cookies";
import type { SessionUser } from "./roles";
import { authSecret } from "./secret";
import { activeUser } from "./users";

/** The user behind a session token, if they still exist and are enabled (role and districts as they are now). */
export async function userFromToken(db: Db, req: Parameters<typeof getToken>[0]["req"]): Promise<SessionUser | null> {
  const token = await getToken({ req, secret: authSecret() });
  return typeof token?.uid === "string" ? activeUser(db, token.uid) : null;
}

/** The signed-in user of a route handler's request; free of Next's page APIs, so handlers run anywhere. */
export function userFromRequest(db: Db, request: Request): Promise<SessionUser | null> {
  return userFromToken(db, { headers: request.headers, cookies: parseCookies(request.headers.get("cookie")) } as never);
}
