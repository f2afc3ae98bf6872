import "server-only";
import crypto from "node:crypto";
import { verifyApiKey } from "../auth/api-keys";
import { getDb, type Db } from "../db";
import { BatchTooLargeError, IngestValidationError } from "../ingest/errors";
import { HttpError } from "./errors";

const MAX_LISTED_ERRORS = 200;

export interface RouteContext {
  request: Request;
  db: Db;
  apiKey?: { id: string; name: string };
}

export type RouteAuth = "public" | "api-key";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

function isDatabaseDown(err: unknown): boolean {
  const text = `${(err as { code?: string }).code ?? ""} ${(err as Error).message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|DatabaseNotReachable|Can't reach database/i.test(text);
}

/** Maps an error to a response that says what went wrong, never with a stack trace or SQL. */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return json(err.status, { error: err.code, message: err.message, ...err.details });
  }
  if (err instanceof IngestValidationError) {
    return json(422, {
      error: "validation_failed",
      message: err.message,
      totalErrors: err.errors.length,
      errors: err.errors.slice(0, MAX_LISTED_ERRORS),
    });
  }
  if (err instanceof BatchTooLargeError) return json(413, { error: "payload_too_large", message: err.message });
  if (isDatabaseDown(err)) {
    return json(503, { error: "database_unavailable", message: "The database is not reachable. Try again shortly." }, { "retry-after": "5" });
  }
  const incident = crypto.randomUUID();
  console.error(`[${incident}]`, err);
  return json(500, { error: "internal_error", message: `Unexpected error; reference ${incident} in the server log.` });
}

async function authenticate(auth: RouteAuth, ctx: RouteContext): Promise<void> {
  if (auth === "public") return;
  const header = ctx.request.headers.get("authorization");
  const key = ctx.request.headers.get("x-api-key") ?? (header?.startsWith("Bearer ") ? header.slice(7) : null);
  if (!key) throw new HttpError(401, "unauthorized", "Send an ingestion API key in the X-API-Key header.");
  const found = await verifyApiKey(ctx.db, key.trim());
  if (!found) throw new HttpError(401, "unauthorized", "The API key is unknown or revoked.");
  ctx.apiKey = found;
}

/**
 * Every route handler goes through here: it authenticates the caller itself
 * (middleware alone can be bypassed) and turns errors into clear JSON.
 */
export function apiRoute(auth: RouteAuth, handler: (ctx: RouteContext) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    try {
      const ctx: RouteContext = { request, db: getDb() };
      await authenticate(auth, ctx);
      const result = await handler(ctx);
      return result instanceof Response ? result : json(200, result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
