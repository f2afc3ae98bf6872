import { migrate } from "../lib/db/migrate";
import { openDatabase } from "../lib/db/open";

const database = await openDatabase();
try {
  const result = await migrate(database.url);
  console.log(
    `Migrations on ${database.backend}: ${result.applied.length} applied` +
      (result.applied.length ? ` (${result.applied.join(", ")})` : "") +
      `, ${result.alreadyApplied.length} already applied.`,
  );
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
