import { defineConfig } from "@playwright/test";

// The end-to-end run starts the dashboard exactly as a newcomer would, with
// `npm run demo`, on its own embedded database and port.
export const E2E = {
  port: 3100,
  dbPort: 54339,
  dataDir: ".data/e2e/pglite",
  reportsDir: ".data/e2e/reports",
  seed: 7,
  size: 20_000,
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `rm -rf .data/e2e && npm run demo -- --size ${E2E.size} --seed ${E2E.seed}`,
    url: `http://127.0.0.1:${E2E.port}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // the scheduler looks every 2 s so the scheduled-report test waits for the minute, not the poll;
    // alert rules are evaluated every 5 s (the default is 15); every test signs in from 127.0.0.1, more
    // than the 30 sign-ins per address and 15 minutes a real client gets (that limit has its own
    // integration test), so the suite's address may sign in more often
    env: {
      PGLITE_DIR: E2E.dataDir, PGLITE_PORT: String(E2E.dbPort), PORT: String(E2E.port), REPORTS_DIR: E2E.reportsDir,
      SCHEDULER_INTERVAL_SECONDS: "2", ALERTS_INTERVAL_SECONDS: "5", SIGN_IN_MAX_PER_ADDRESS: "1000",
    },
  },
});
