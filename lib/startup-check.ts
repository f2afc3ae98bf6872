import { getEnv } from "./env";

// Imported by instrumentation.ts on the Node.js runtime only.
try {
  getEnv();
} catch (err) {
  console.error(`Refusing to start: ${(err as Error).message}`);
  process.exit(1);
}
