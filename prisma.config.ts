import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file: migrations are applied by
// scripts/db-migrate.ts because the schema engine binary cannot be fetched here.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
});
