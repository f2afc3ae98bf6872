// Runs once when the server starts: a missing or invalid setting (for
// example NEXTAUTH_SECRET in production) stops it here instead of at the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/startup-check");
}
