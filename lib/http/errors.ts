import type { RowError } from "../ingest/schema";

/** An error whose message is safe to show to the caller, with the HTTP status it maps to. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { errors?: RowError[]; totalErrors?: number },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}
