import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws outside React server bundles; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/server-only-stub.ts"),
};

// The integration suite runs three times: on the embedded PGlite, on PostgreSQL and on a Citus cluster.
const integration = (backend: "pglite" | "postgres" | "citus") => ({
  resolve: { alias },
  test: {
    name: `integration-${backend}`,
    include: ["tests/integration/**/*.test.ts"],
    // who owns the PGlite directory only matters on the embedded backend
    exclude: {
      pglite: [],
      postgres: ["tests/integration/embedded-lock.test.ts"],
      citus: ["tests/integration/embedded-*.test.ts"],
    }[backend],
    // four shards per table: a throw-away schema per test file distributes in seconds, and still spreads over both workers
    env: { TEST_BACKEND: backend, CITUS_SHARD_COUNT: "4" },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks" as const,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 60_000 } },
      integration("pglite"),
      integration("postgres"),
      integration("citus"),
      // crashes and kills: a PostgreSQL cluster of their own, killed app and owner processes
      { resolve: { alias }, test: { name: "faults", include: ["tests/faults/**/*.test.ts"], testTimeout: 600_000, hookTimeout: 180_000, pool: "forks" as const, fileParallelism: false } },
    ],
  },
});
