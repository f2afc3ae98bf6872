import { getEnv } from "../env";

/** A development-only secret; production refuses to start without NEXTAUTH_SECRET (lib/env.ts). */
export function authSecret(): string {
  return getEnv().NEXTAUTH_SECRET ?? "hpm-development-only-secret-never-used-in-production";
}
