import { exportTransactions, rawExportQuerySchema } from "@/lib/export/raw-transactions";
import { apiRoute } from "@/lib/http/api-route";
import { scopedQuery } from "@/lib/http/metric-route";
import { requestLocale } from "@/lib/i18n/locale";

// Every matching payment as CSV or XLSX, streamed (operations only: single payments).
export const GET = apiRoute("OPS", async ({ request, db, user, ip }) => {
  const query = new URL(request.url).searchParams;
  const { filter, options } = scopedQuery(query, user, rawExportQuerySchema);
  const file = await exportTransactions(db, user, filter, options, query, requestLocale(request), ip);
  return new Response(file.stream, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
      // for the in-app progress bar (absent when an id prefix makes the count unknown)
      ...(file.expectedRows !== null ? { "x-export-rows-expected": String(file.expectedRows) } : {}),
      // a CSV's header lines before the first data row, so a client can count rows by line
      ...(file.headLines !== undefined ? { "x-export-head-lines": String(file.headLines) } : {}),
    },
  });
});
