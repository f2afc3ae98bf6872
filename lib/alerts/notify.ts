import "server-only";
import type { Db } from "../db/client";
import { postSigned } from "../webhooks/post";

// Sends the notifications the evaluator queued. Each is claimed (attempts + 1,
// a lease on the next attempt time) before it is sent, so two processes never
// send the same one at once; a failure is retried with growing waits, and
// the row keeps the attempts, the last error and when it was delivered. A
// receiver may see a notification twice (a crash after sending, before
// recording): the X-HPM-Delivery id lets it drop the repeat.

export const MAX_ATTEMPTS = 6;
/** wait after attempt n (1-based) */
export const backoffMs = (attempt: number, baseMs = 5_000) => baseMs * 3 ** (attempt - 1);
const LEASE_MS = 60_000;

export interface NotifyOptions {
  baseBackoffMs?: number;
  timeoutMs?: number;
}

export async function deliverNotifications(db: Db, now = new Date(), opts: NotifyOptions = {}): Promise<{ delivered: number; failed: number; retrying: number }> {
  const due = await db.notification.findMany({ where: { status: "PENDING", nextAttemptAt: { lte: now } }, orderBy: { createdAt: "asc" }, take: 50 });
  const counts = { delivered: 0, failed: 0, retrying: 0 };
  for (const n of due) {
    const claimed = await db.notification.updateMany({
      where: { id: n.id, status: "PENDING", attempts: n.attempts },
      data: { attempts: n.attempts + 1, nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) continue;
    const rule = await db.alertRule.findUnique({ where: { id: n.ruleId }, select: { secret: true } });
    const attempt = n.attempts + 1;
    const outcome = rule
      ? await postSigned(n.url, Buffer.from(JSON.stringify(n.payload)), {
          contentType: "application/json",
          secret: rule.secret,
          timeoutMs: opts.timeoutMs ?? 10_000,
          headers: { "x-hpm-event": `incident.${n.event}`, "x-hpm-delivery": n.id },
        })
      : { ok: false, retryable: false, detail: "the rule was deleted" };
    if (outcome.ok) {
      await db.notification.update({ where: { id: n.id }, data: { status: "DELIVERED", deliveredAt: new Date(), lastError: null } });
      counts.delivered++;
    } else if (!outcome.retryable || attempt >= MAX_ATTEMPTS) {
      await db.notification.update({ where: { id: n.id }, data: { status: "FAILED", lastError: `${outcome.detail} (attempt ${attempt}${outcome.retryable ? ", giving up" : ", not retried"})` } });
      counts.failed++;
    } else {
      await db.notification.update({ where: { id: n.id }, data: { nextAttemptAt: new Date(now.getTime() + backoffMs(attempt, opts.baseBackoffMs)), lastError: `${outcome.detail} (attempt ${attempt})` } });
      counts.retrying++;
    }
  }
  return counts;
}
