import crypto from "node:crypto";
import { getEnv } from "../env";

// Used only where no PAYER_ID_SECRET is configured (demo and tests); production
// with a real database refuses to start without one (lib/env.ts).
const DEV_SECRET = "hpm-dev-payer-secret-not-for-production";

/** Raw payer ids never reach the database; the scope keeps equal ids of two wallets apart. */
export function hashPayerId(scope: string, payerId: string): string {
  const secret = getEnv().PAYER_ID_SECRET ?? DEV_SECRET;
  return crypto.createHmac("sha256", secret).update(`${scope}:${payerId}`).digest("hex");
}
