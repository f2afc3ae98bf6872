import "server-only";
import { signature } from "./sign";

// One signed webhook POST and what became of it, shared by scheduled reports
// and incident notifications (each has its own retry policy).

export interface PostOutcome {
  ok: boolean;
  /** worth trying again: no answer, 408, 429 or 5xx */
  retryable: boolean;
  /** "HTTP 200", "HTTP 500: <body start>", or the connection error */
  detail: string;
}

export async function postSigned(
  url: string,
  body: Buffer,
  opts: { contentType: string; secret: string; headers?: Record<string, string>; timeoutMs: number },
): Promise<PostOutcome> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(url, {
      method: "POST",
      body: new Uint8Array(body),
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        ...opts.headers,
        "content-type": opts.contentType,
        "user-agent": "HangzhouPayMonitor/1",
        "x-hpm-timestamp": timestamp,
        "x-hpm-signature": signature(opts.secret, timestamp, body),
      },
    });
    const text = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
    if (res.ok) return { ok: true, retryable: false, detail: `HTTP ${res.status}` };
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    return { ok: false, retryable, detail: `HTTP ${res.status}${text ? `: ${text}` : ""}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const cause = e.cause?.message ?? e.message;
    const detail = e.name === "TimeoutError" ? `no answer within ${opts.timeoutMs / 1000} s` : e.cause?.code && !cause.includes(e.cause.code) ? `${e.cause.code}: ${cause}` : cause;
    return { ok: false, retryable: true, detail };
  }
}

/** A webhook as logs and pages show it: query strings often carry tokens, so they are cut. */
export function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
}
