import "server-only";
import { getEnv } from "../env";
import type { Scope } from "../metrics/filter";
import { isSuppressed, type SessionUser } from "./roles";

/** What a signed-in user may see: their districts, and small cells hidden for officials. */
export function scopeOf(user: SessionUser): Scope {
  return { districts: user.districts, suppressBelow: isSuppressed(user) ? getEnv().SUPPRESSION_MIN_PAYERS : null };
}
