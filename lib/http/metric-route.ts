import "server-only";
import type { Db } from "../db/client";
import { metricFilterSchema, type MetricFilter } from "../metrics/filter";
import { apiRoute } from "./api-route";
import { HttpError } from "./errors";

/** A GET route answering one metric for the filter in its query string. */
export function metricRoute<T>(compute: (db: Db, filter: MetricFilter) => Promise<T>) {
  return apiRoute("public", async ({ request, db }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = metricFilterSchema.safeParse(query);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((i) =>
        i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : `${i.path.join(".") || "query"}: ${i.message}`,
      );
      throw new HttpError(400, "invalid_filter", `The filter is invalid: ${reasons.join("; ")}.`);
    }
    const asOf = new Date();
    const data = await compute(db, parsed.data);
    // a range that reaches now is live and may change within seconds; a past one will not
    const live = parsed.data.to.getTime() > asOf.getTime() - 10 * 60_000;
    return Response.json(
      { asOf: asOf.toISOString(), timeZone: "Asia/Shanghai", data },
      { headers: { "cache-control": live ? "private, max-age=5" : "private, max-age=300, stale-while-revalidate=600" } },
    );
  });
}
