import "server-only";
import crypto from "node:crypto";
import { verifyApiKey, type VerifiedApiKey } from "../auth/api-keys";
import { clientAddress } from "../auth/options";
import { hit } from "../auth/rate-limit";
import { atLeast, type Role, type SessionUser } from "../auth/roles";
import { userFromRequest } from "../auth/request-user";
import { getEnv } from "../env";
import { getDb, type Db } from "../db";
import { BatchTooLargeError, IngestValidationError, RateConflictError } from "../ingest/errors";
import { unstorableText } from "../storable-text";
import { HttpError } from "./errors";

const MAX_LISTED_ERRORS = 200;

export interface RouteContext {
  request: Request;
  db: Db;
  apiKey?: VerifiedApiKey;
  /** set for session routes */
  user?: SessionUser;
  ip: string | null;
  /** dynamic route segments, e.g. { id } */
  params: Record<string, string>;
}

/** "public": no sign-in (health); "api-key": ingestion; a role: signed in with at least that role. */
export type RouteAuth = "public" | "api-key" | Role;

export interface SessionContext extends RouteContext {
  user: SessionUser;
}

export type RouteHandler = (request: Request, segment?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

// The database is unreachable, restarting or dropped the connection: the
// request changed nothing it reports (a transaction that lost its connection
// is rolled back), so the caller may retry. 57P01-57P03: shut down or starting
// up; 08xxx: connection exceptions; Prisma's driver adapter reports a connection
// the server dropped mid-query as ConnectionClosed ("Server has closed the connection").
function isDatabaseDown(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|EPIPE|DatabaseNotReachable|ConnectionClosed|Server has closed the connection|Can't reach database|Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery mode)|\b57P0[123]\b|\b08(000|001|003|004|006)\b/i.test(text);
}

/** Maps an error to a response that says what went wrong, never with a stack trace or SQL. */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return json(err.status, { error: err.code, message: err.message, ...err.details }, err.headers);
  }
  if (err instanceof IngestValidationError) {
    return json(422, {
      error: "validation_failed",
      message: err.message,
      totalErrors: err.errors.length,
      errors: err.errors.slice(0, MAX_LISTED_ERRORS),
    });
  }
  if (err instanceof RateConflictError) {
    return json(409, { error: "rate_conflict", message: err.message, totalErrors: err.errors.length, errors: err.errors.slice(0, MAX_LISTED_ERRORS) });
  }
  if (err instanceof BatchTooLargeError) return json(413, { error: "payload_too_large", message: err.message });
  if (isDatabaseDown(err)) {
    return json(503, { error: "database_unavailable", message: "The database is not reachable. Try again shortly." }, { "retry-after": "5" });
  }
  const incident = crypto.randomUUID();
  console.error(`[${incident}]`, err);
  return json(500, { error: "internal_error", message: `Unexpected error; reference ${incident} in the server log.` });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Browsers send Origin on state-changing requests; one that names another
 * site is a cross-site request forgery attempt (the session cookie would ride
 * along), so it is refused. Same-origin and non-browser clients pass.
 */
function checkSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new HttpError(403, "cross_site_request", "Cross-site requests may not change anything here.");
  if (origin) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      // "null" (sandboxed or privacy-stripped) and garbage are not this site
    }
    if (host && originHost !== host) throw new HttpError(403, "cross_site_request", "Cross-site requests may not change anything here.");
  }
}

/** Query strings and path segments are input too: %00 decodes to a NUL that PostgreSQL cannot take. */
function rejectUnstorableText(request: Request, params: Record<string, string>): void {
  const problems = [
    // every value of a repeated parameter, not only the last
    ...[...new URL(request.url).searchParams].flatMap(([k, v]) => unstorableText({ [k]: v }, ["(query)"])),
    ...unstorableText(params, ["(path)"]),
  ];
  if (problems.length) {
    throw new HttpError(422, "validation_failed", `The request is invalid: ${problems.map((p) => `${p.path}: ${p.reason}`).join("; ")}.`);
  }
}

async function authenticate(auth: RouteAuth, ctx: RouteContext): Promise<void> {
  if (auth === "public") return;
  if (auth === "api-key") {
    const header = ctx.request.headers.get("authorization");
    const key = ctx.request.headers.get("x-api-key") ?? (header?.startsWith("Bearer ") ? header.slice(7) : null);
    if (!key) throw new HttpError(401, "unauthorized", "Send an ingestion API key in the X-API-Key header.");
    const found = await verifyApiKey(ctx.db, key.trim());
    if (!found) throw new HttpError(401, "unauthorized", "The API key is unknown or revoked.");
    const limit = await hit(ctx.db, `ingest:key:${found.id}`, getEnv().INGEST_MAX_PER_MINUTE, 60);
    if (!limit.ok) {
      throw new HttpError(429, "rate_limited", `This key sent more than ${getEnv().INGEST_MAX_PER_MINUTE} requests this minute; retry in ${limit.retryAfterSeconds} s.`, {}, { "retry-after": String(limit.retryAfterSeconds) });
    }
    ctx.apiKey = found;
    return;
  }
  checkSameOrigin(ctx.request);
  const user = await userFromRequest(ctx.db, ctx.request);
  if (!user) throw new HttpError(401, "unauthorized", "Sign in first.");
  if (!atLeast(user.role, auth)) throw new HttpError(403, "forbidden", `This needs the ${auth.toLowerCase()} role or higher; you are ${user.role.toLowerCase()}.`);
  ctx.user = user;
}

/**
 * Every route handler goes through here: it authenticates the caller itself
 * (middleware alone can be bypassed) and turns errors into clear JSON.
 */
export function apiRoute(auth: "public" | "api-key", handler: (ctx: RouteContext) => Promise<unknown>): RouteHandler;
export function apiRoute(auth: Role, handler: (ctx: SessionContext) => Promise<unknown>): RouteHandler;
export function apiRoute(auth: RouteAuth, handler: (ctx: never) => Promise<unknown>): RouteHandler {
  return async (request: Request, segment?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const ctx: RouteContext = {
        request,
        db: getDb(),
        ip: clientAddress(request.headers),
        params: (await segment?.params) ?? {},
      };
      await authenticate(auth, ctx);
      rejectUnstorableText(request, ctx.params);
      const result = await handler(ctx as never);
      return result instanceof Response ? result : json(200, result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
