import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "../db";
import { userFromToken } from "./request-user";
import { atLeast, type Role, type SessionUser } from "./roles";

/** For server components and layouts. */
export async function currentUser(): Promise<SessionUser | null> {
  // request data first: it marks the page dynamic before anything touches the database
  const req = { headers: await headers(), cookies: await cookies() };
  return userFromToken(getDb(), req as never);
}

/** Pages call this first: anonymous visitors go to sign-in, the wrong role gets the 403 page. */
export async function requirePageUser(min: Role, path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  if (!atLeast(user.role, min)) forbidden();
  return user;
}
