import "server-only";
import type { z } from "zod";
import type { Role, SessionUser } from "../auth/roles";
import { scopeOf } from "../auth/scope";
import type { Db } from "../db/client";
import { OutOfScopeError, metricFilterSchema, scopeFilter, type ScopedFilter } from "../metrics/filter";
import { apiRoute, type RouteHandler } from "./api-route";
import { HttpError } from "./errors";

const reasonsOf = (error: z.ZodError) =>
  error.issues.map((i) =>
    i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : `${i.path.join(".") || "query"}: ${i.message}`,
  );

type Options = z.ZodObject<z.ZodRawShape>;
type Compute<T, O> = (db: Db, filter: ScopedFilter, options: O, user: SessionUser) => Promise<T>;

/**
 * A GET route answering one metric for the filter in its query string (plus
 * the metric's own options when it has an options schema), for signed-in users
 * of at least `role`, narrowed to their districts.
 */
export function metricRoute<T>(role: Role, compute: Compute<T, undefined>): RouteHandler;
export function metricRoute<T, O extends Options>(role: Role, compute: Compute<T, z.infer<O>>, optionsSchema: O): RouteHandler;
export function metricRoute<T>(role: Role, compute: Compute<T, never>, optionsSchema?: Options): RouteHandler {
  return apiRoute(role, async ({ request, db, user }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const optionKeys = new Set(Object.keys(optionsSchema?.shape ?? {}));
    const pick = (own: boolean) => Object.fromEntries(Object.entries(query).filter(([k]) => optionKeys.has(k) === own));
    const parsed = metricFilterSchema.safeParse(pick(false));
    const options = optionsSchema?.safeParse(pick(true));
    const reasons = [...(parsed.success ? [] : reasonsOf(parsed.error)), ...(options && !options.success ? reasonsOf(options.error) : [])];
    if (!parsed.success || reasons.length) throw new HttpError(400, "invalid_filter", `The filter is invalid: ${reasons.join("; ")}.`);
    let filter: ScopedFilter;
    try {
      filter = scopeFilter(parsed.data, scopeOf(user));
    } catch (err) {
      if (err instanceof OutOfScopeError) throw new HttpError(403, "outside_scope", err.message);
      throw err;
    }
    const asOf = new Date();
    const data = await compute(db, filter, options?.data as never, user);
    // a range that reaches now is live and may change within seconds; a past one will not
    const live = parsed.data.to.getTime() > asOf.getTime() - 10 * 60_000;
    return Response.json(
      { asOf: asOf.toISOString(), timeZone: "Asia/Shanghai", data },
      { headers: { "cache-control": live ? "private, max-age=5" : "private, max-age=300, stale-while-revalidate=600", vary: "Cookie" } },
    );
  });
}
