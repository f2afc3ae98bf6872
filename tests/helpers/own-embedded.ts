// Run as a separate process by tests: owns an embedded database directory
// until it receives SIGTERM, the way `npm run demo` does.
import { startEmbeddedDatabase } from "../../lib/db/embedded-server";
import pg from "pg";

const [dataDir, port] = process.argv.slice(2);
const owner = await startEmbeddedDatabase({ dataDir: dataDir!, port: Number(port) });
const client = new pg.Client({ connectionString: owner.url });
await client.connect();
await client.query("CREATE TABLE IF NOT EXISTS canary (v text)");
await client.query("INSERT INTO canary VALUES ('written by the owner')");
await client.end();
process.stdout.write(`READY ${process.pid}\n`);
process.on("SIGTERM", () => {
  void owner.close().then(() => process.exit(0));
});
setInterval(() => undefined, 60_000);
