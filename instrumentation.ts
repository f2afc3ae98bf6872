// Runs once when the server starts: a missing or invalid setting (for
// example NEXTAUTH_SECRET in production) stops it here instead of at the
// first request; then the background jobs (scheduled reports) start.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/startup-check");
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobs } = await import("./lib/jobs/scheduler");
  startJobs();
}
