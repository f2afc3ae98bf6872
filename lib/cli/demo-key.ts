import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createApiKey, verifyApiKey } from "../auth/api-keys";
import type { Db } from "../db/client";

// Keys are stored hashed, so the demo keeps its own plaintext copy beside the
// database it belongs to (in the git-ignored .data/) to print it on every start.
export async function demoApiKey(db: Db, dir: string): Promise<string> {
  const file = path.join(dir, "demo-api-key");
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, "utf8").trim();
    const found = await verifyApiKey(db, key);
    // the live feed posts reference rates too; a key kept from before permissions existed gets them
    if (found?.permissions.includes("fx-rates")) return key;
    if (found) {
      await db.apiKey.update({ where: { id: found.id }, data: { permissions: ["transactions", "fx-rates"] } });
      return key;
    }
  }
  const created = await createApiKey(db, { name: "demo ingestion key", permissions: ["transactions", "fx-rates"] });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${created.key}\n`, { mode: 0o600 });
  return created.key;
}
