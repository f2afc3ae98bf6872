import "server-only";
import crypto from "node:crypto";
import { encode } from "next-auth/jwt";
import { authSecret } from "../auth/secret";
import type { Role } from "../auth/roles";
import type { Db } from "../db/client";

/**
 * A real signed session cookie for a new user of that role, as next-auth
 * would set after sign-in: lets benchmarks and tests call route handlers in-process.
 */
export async function sessionCookieFor(db: Db, role: Role, districts: string[] = []): Promise<{ cookie: string; userId: string }> {
  const id = crypto.randomUUID();
  await db.user.create({ data: { id, email: `${role.toLowerCase()}-${id.slice(0, 8)}@bench.invalid`, name: `${role} (generated)`, role, districtCodes: districts } });
  const token = await encode({ token: { uid: id, sub: id }, secret: authSecret() });
  return { cookie: `next-auth.session-token=${token}`, userId: id };
}
