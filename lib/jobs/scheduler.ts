import "server-only";
import { getDb } from "../db";
import { getEnv } from "../env";
import { evaluateRules } from "../alerts/evaluate";
import { deliverNotifications } from "../alerts/notify";
import { runDueReports } from "../reports/runner";
import { foldChanges } from "../store/fold";

// Background jobs of the app process (the folder, scheduled reports, alert evaluation and
// notifications), started once by instrumentation.ts.
// Each job is safe to run in several processes at once (it claims its work in
// the database), so more app instances need no leader election.

const started = globalThis as unknown as { hpmJobs?: boolean };

// a job that keeps failing the same way (a folder stopped at a change it cannot apply, every
// second) says so once a minute, not on every tick; a new reason is logged at once
const REPEAT_LOG_MS = 60_000;

/**
 * Runs a job, then again `ms` after each run ends (not every `ms` from the first): a slow run
 * (webhook retries) never has a second beside it, and the folder's passes stay as large as its
 * interval allows. On the embedded database, where folding and writing take turns on one session,
 * passes started the moment the last one ended folded about 2,900 changes each, and cost PGlite
 * much the same per pass as three times as many: 1,280 -> 1,495 payments/s through the API
 * (`npm run bench:sustained -- --via http`, bench/README.md).
 */
function every(ms: number, name: string, job: () => Promise<unknown>): void {
  let last = { message: "", at: 0 };
  const tick = async () => {
    try {
      await job();
      last = { message: "", at: 0 };
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (message !== last.message || Date.now() - last.at >= REPEAT_LOG_MS) {
        console.error(`[jobs] ${name} failed:`, err);
        last = { message, at: Date.now() };
      }
    } finally {
      setTimeout(tick, ms).unref();
    }
  };
  setTimeout(tick, Math.min(ms, 5_000)).unref();
}

export function startJobs(): void {
  if (started.hpmJobs) return;
  started.hpmJobs = true;
  const env = getEnv();
  // the dashboards' derived tables follow the payments through the change log; a failed pass is
  // logged and kept in fold_state (operations shows it), and the next tick tries again
  if (env.FOLDER === "on") every(env.FOLD_INTERVAL_MS, "folder", () => foldChanges(getDb()));
  if (env.SCHEDULER === "off") return;
  every(env.SCHEDULER_INTERVAL_SECONDS * 1000, "scheduled reports", () => runDueReports(getDb(), { reportsDir: env.REPORTS_DIR }));
  // evaluate, then send what the pass queued without waiting for another tick
  every(env.ALERTS_INTERVAL_SECONDS * 1000, "alert rules", async () => {
    await evaluateRules(getDb());
    await deliverNotifications(getDb());
  });
  // retries come due between evaluations
  every(5_000, "alert notifications", () => deliverNotifications(getDb()));
}
