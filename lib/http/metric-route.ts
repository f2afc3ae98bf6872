import "server-only";
import type { z } from "zod";
import type { Db } from "../db/client";
import { metricFilterSchema, type MetricFilter } from "../metrics/filter";
import { apiRoute } from "./api-route";
import { HttpError } from "./errors";

const reasonsOf = (error: z.ZodError) =>
  error.issues.map((i) =>
    i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : `${i.path.join(".") || "query"}: ${i.message}`,
  );

type Options = z.ZodObject<z.ZodRawShape>;

/**
 * A GET route answering one metric for the filter in its query string, plus
 * the metric's own options (a limit, a threshold) when it has an options schema.
 */
export function metricRoute<T>(compute: (db: Db, filter: MetricFilter) => Promise<T>): ReturnType<typeof apiRoute>;
export function metricRoute<T, O extends Options>(
  compute: (db: Db, filter: MetricFilter, options: z.infer<O>) => Promise<T>,
  optionsSchema: O,
): ReturnType<typeof apiRoute>;
export function metricRoute<T>(compute: (db: Db, filter: MetricFilter, options?: unknown) => Promise<T>, optionsSchema?: Options) {
  return apiRoute("public", async ({ request, db }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const optionKeys = new Set(Object.keys(optionsSchema?.shape ?? {}));
    const pick = (own: boolean) => Object.fromEntries(Object.entries(query).filter(([k]) => optionKeys.has(k) === own));
    const parsed = metricFilterSchema.safeParse(pick(false));
    const options = optionsSchema?.safeParse(pick(true));
    const reasons = [...(parsed.success ? [] : reasonsOf(parsed.error)), ...(options && !options.success ? reasonsOf(options.error) : [])];
    if (!parsed.success || reasons.length) throw new HttpError(400, "invalid_filter", `The filter is invalid: ${reasons.join("; ")}.`);
    const asOf = new Date();
    const data = await compute(db, parsed.data, options?.data);
    // a range that reaches now is live and may change within seconds; a past one will not
    const live = parsed.data.to.getTime() > asOf.getTime() - 10 * 60_000;
    return Response.json(
      { asOf: asOf.toISOString(), timeZone: "Asia/Shanghai", data },
      { headers: { "cache-control": live ? "private, max-age=5" : "private, max-age=300, stale-while-revalidate=600" } },
    );
  });
}
