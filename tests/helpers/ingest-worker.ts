// Run as a separate process by the fault tests: the app's ingestion, killed
// at any moment. Sends batches from..count-1 through the ingestion core and
// prints "ACCEPTED <index>" after each one is committed.
import { createDb } from "../../lib/db/client";
import { ingestTransactions } from "../../lib/ingest/transactions";
import { faultBatch } from "./fault-batches";

const [url, from, count, size] = process.argv.slice(2);
const db = createDb(url!, 2);
for (let i = Number(from); i < Number(count); i++) {
  await ingestTransactions(db, faultBatch(i, Number(size)));
  process.stdout.write(`ACCEPTED ${i}\n`);
}
await db.$disconnect();
process.stdout.write("DONE\n");
