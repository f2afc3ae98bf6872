// Run as a separate process by the fault tests: the app's ingestion and its
// folder, killed at any moment. Sends batches from..count-1 through the
// ingestion core, prints "ACCEPTED <index>" after each one is committed, and
// folds the change log after every batch, so a kill lands in a write or in a fold.
import { createDb } from "../../lib/db/client";
import { ingestTransactions } from "../../lib/ingest/transactions";
import { foldChanges } from "../../lib/store/fold";
import { faultBatch } from "./fault-batches";

const [url, from, count, size] = process.argv.slice(2);
const db = createDb(url!, 2);
for (let i = Number(from); i < Number(count); i++) {
  await ingestTransactions(db, faultBatch(i, Number(size)));
  process.stdout.write(`ACCEPTED ${i}\n`);
  await foldChanges(db, { batch: 200 });
}
await db.$disconnect();
process.stdout.write("DONE\n");
