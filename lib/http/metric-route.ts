import "server-only";
import type { z } from "zod";
import { atLeast, type SessionUser } from "../auth/roles";
import { scopeOf } from "../auth/scope";
import type { Db } from "../db/client";
import { OutOfScopeError, metricFilterSchema, scopeFilter, type ScopedFilter } from "../metrics/filter";
import { METRICS, type MetricData, type MetricName } from "../metrics/registry";
import { cachedAnswer } from "../store/answer-cache";
import { sharedFreshness } from "../store/freshness";
import { apiRoute, type RouteHandler } from "./api-route";
import { HttpError } from "./errors";

/** A query string's zod issues as reasons a caller can act on. */
export const reasonsOf = (error: z.ZodError) =>
  error.issues.map((i) =>
    i.code === "unrecognized_keys" ? `unknown parameter ${i.keys.join(", ")}` : `${i.path.join(".") || "query"}: ${i.message}`,
  );

type Options = z.ZodObject<z.ZodRawShape>;

export interface MetricAnswer<T> {
  /** the data is complete up to this instant (the folder's progress, not the time of the request) */
  asOf: string;
  /** how far the derived tables lag the payments; the dashboard goes amber above 10 s */
  behindSeconds: number;
  /** changes waiting for the folder */
  backlog: number;
  timeZone: "Asia/Shanghai";
  data: T;
  /** the range reaches now: figures may change within seconds */
  live: boolean;
}

/**
 * One metric for a query string (the shared filter plus the metric's own
 * options) as `user` may see it: role checked, narrowed to their districts.
 * Throws HttpError with the reason for a bad query, a role or a district outside their scope.
 */
export async function runMetric<N extends MetricName>(name: N, query: URLSearchParams, user: SessionUser, db: Db): Promise<MetricAnswer<MetricData[N]>> {
  const def = METRICS[name];
  if (!atLeast(user.role, def.role)) throw new HttpError(403, "forbidden", `This needs the ${def.role.toLowerCase()} role.`);
  const { filter, options } = scopedQuery(query, user, def.options);
  // read before the figures, so the data is at least this fresh
  const { asOf, behindSeconds, backlog, version } = await sharedFreshness(db);
  const compute = def.compute as (db: Db, f: ScopedFilter, o: unknown, u: SessionUser) => Promise<MetricData[N]>;
  // the question as answered: the metric, the scoped filter and options, and what the viewer may see
  // (suppression differs by role; a district-limited viewer gets only their districts)
  const key = JSON.stringify([name, user.role, [...user.districts].sort(), filter, options ?? null]);
  const data = def.cached ? await cachedAnswer(db, key, version, () => compute(db, filter, options, user)) : await compute(db, filter, options, user);
  return { asOf, behindSeconds, backlog, timeZone: "Asia/Shanghai", data, live: filter.to.getTime() > Date.now() - 10 * 60_000 };
}

// A kept answer is the same object for every asker until the data moves: written as JSON once,
// not per request (30-60 kB for adoption or FX spreads; the app's one thread is the limit under load).
const written = new WeakMap<object, string>();
const jsonOf = (data: unknown) => {
  if (typeof data !== "object" || data === null) return JSON.stringify(data);
  let json = written.get(data);
  if (json === undefined) written.set(data, (json = JSON.stringify(data)));
  return json;
};

/**
 * The shared filter (and, with a schema, the caller's own options) from a query
 * string, narrowed to the user's districts. Throws HttpError 400 with every
 * reason for a bad query, 403 for a district outside the user's scope.
 */
export function scopedQuery<O extends Options | undefined>(
  query: URLSearchParams,
  user: SessionUser,
  optionsSchema?: O,
): { filter: ScopedFilter; options: O extends Options ? z.infer<O> : undefined } {
  const raw = Object.fromEntries(query);
  const optionKeys = new Set(Object.keys(optionsSchema?.shape ?? {}));
  const pick = (own: boolean) => Object.fromEntries(Object.entries(raw).filter(([k]) => optionKeys.has(k) === own));
  const parsed = metricFilterSchema.safeParse(pick(false));
  const options = optionsSchema?.safeParse(pick(true));
  const reasons = [...(parsed.success ? [] : reasonsOf(parsed.error)), ...(options && !options.success ? reasonsOf(options.error) : [])];
  if (!parsed.success || reasons.length) throw new HttpError(400, "invalid_filter", `The filter is invalid: ${reasons.join("; ")}.`);
  try {
    return { filter: scopeFilter(parsed.data, scopeOf(user)), options: options?.data as never };
  } catch (err) {
    if (err instanceof OutOfScopeError) throw new HttpError(403, "outside_scope", err.message);
    throw err;
  }
}

/** GET /api/metrics/<name>: signed-in users of the metric's role, JSON shaped for the charts. */
export function metricRoute(name: MetricName): RouteHandler {
  return apiRoute(METRICS[name].role, async ({ request, db, user }) => {
    const { live, data, ...about } = await runMetric(name, new URL(request.url).searchParams, user, db);
    // a live range may change within seconds; a past one will not
    return new Response(`${JSON.stringify(about).slice(0, -1)},"data":${jsonOf(data)}}`, {
      headers: {
        "content-type": "application/json",
        "cache-control": live ? "private, max-age=5" : "private, max-age=300, stale-while-revalidate=600",
        vary: "Cookie",
      },
    });
  });
}
