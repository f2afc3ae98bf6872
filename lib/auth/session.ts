import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Db } from "../db/client";
import { getDb } from "../db";
import { authSecret } from "./secret";
import { atLeast, type Role, type SessionUser } from "./roles";
import { activeUser } from "./users";

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header?.split(";") ?? []) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

async function userFromToken(db: Db, req: Parameters<typeof getToken>[0]["req"]): Promise<SessionUser | null> {
  const token = await getToken({ req, secret: authSecret() });
  return typeof token?.uid === "string" ? activeUser(db, token.uid) : null;
}

/** The signed-in user of a route handler's request, checked against the database (disabled users are out at once). */
export function userFromRequest(db: Db, request: Request): Promise<SessionUser | null> {
  return userFromToken(db, { headers: request.headers, cookies: parseCookies(request.headers.get("cookie")) } as never);
}

/** For server components and server actions. */
export async function currentUser(): Promise<SessionUser | null> {
  // request data first: it marks the page dynamic before anything touches the database
  const req = { headers: await headers(), cookies: await cookies() };
  return userFromToken(getDb(), req as never);
}

/** Pages call this first: anonymous visitors go to sign-in, the wrong role gets a 403 page. */
export async function requirePageUser(min: Role, path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  if (!atLeast(user.role, min)) forbidden();
  return user;
}
