// Raw transaction export benchmark (not a test): streams every payment in a
// range through the same code as GET /api/transactions/export into a sink that
// only counts, and prints rows/s, time to the first bytes and peak RSS.
//
//   DATABASE_URL=postgres://... npm run bench:export -- --from 2023-08-01 --to 2023-10-08 [--format csv|xlsx]

import { parseArgs } from "node:util";
import { openDatabase } from "../lib/db/open";
import { exportTransactions, rawExportQuerySchema } from "../lib/export/raw-transactions";
import { scopedQuery } from "../lib/http/metric-route";
import { messages } from "../lib/i18n/messages";
import type { SessionUser } from "../lib/auth/roles";

const { values } = parseArgs({
  options: {
    from: { type: "string", default: "2023-08-01" },
    to: { type: "string", default: "2023-10-08" },
    format: { type: "string", default: "csv" },
  },
});

const database = await openDatabase();
try {
  const user: SessionUser = { id: "00000000-0000-4000-8000-000000000000", email: "bench@export.invalid", name: "bench", role: "OPS", districts: [] };
  const query = new URLSearchParams({ from: values.from!, to: values.to!, format: values.format! });
  const { filter, options } = scopedQuery(query, user, rawExportQuerySchema);
  // the audit entry needs a real user row: the bench runs as a generated ops user
  await database.db.user.upsert({ where: { id: user.id }, update: {}, create: { id: user.id, email: user.email, name: user.name, role: "OPS", districtCodes: [] } });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const file = await exportTransactions(database.db, user, filter, options, query, { locale: "en", t: messages.en }, null);
  const reader = file.stream.getReader();
  let bytes = 0;
  let lines = 0;
  let firstByteMs: number | null = null;
  let headLines = 0;
  let lastReport = t0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstByteMs ??= performance.now() - t0;
    bytes += value.byteLength;
    if (values.format === "csv") for (const b of value) if (b === 10) lines++;
    // the first chunk is the head: metadata, an empty line, the column labels
    if (headLines === 0) headLines = lines;
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  ${(bytes / 1e6).toFixed(0)} MB, ${lines} lines, ${((lastReport - t0) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    }
  }
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  const rows = values.format === "csv" ? lines - headLines : null;
  const result = {
    format: values.format,
    range: `${values.from}..${values.to}`,
    backend: database.backend,
    rows,
    megabytes: Math.round(bytes / 1e6),
    seconds: Number(seconds.toFixed(1)),
    rowsPerSecond: rows === null ? null : Math.round(rows / seconds),
    firstByteMs: Math.round(firstByteMs ?? 0),
    peakRssMb: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6),
  };
  console.table([result]);
} finally {
  await database.close();
}
