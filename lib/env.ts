import { z } from "zod";

// Every environment variable the project reads, validated once. `.env.example`
// documents the same list.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // Set: real PostgreSQL. Unset: the embedded PGlite database served by one owner process.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(8),
  // Key for hashing payer ids so raw wallet account ids are never stored.
  PAYER_ID_SECRET: z.string().min(16).optional(),
  INGEST_EARLIEST_DATE: z.iso.date().default("2022-01-01"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.PAYER_ID_SECRET && parsed.data.DATABASE_URL) {
    throw new Error("PAYER_ID_SECRET is required in production with a real DATABASE_URL");
  }
  cached = parsed.data;
  return cached;
}

/** For tests and scripts that change process.env after the first read. */
export function resetEnvCache(): void {
  cached = undefined;
}
