import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { signature } from "../webhooks/sign";
import type { Delivery } from "./schedules";

// Where a finished report goes: a folder under the reports directory, and/or
// webhooks that receive the file itself, signed so a receiver can check it
// came from us. A webhook that fails is retried with backoff; the history
// keeps every destination's outcome.

export interface DeliveryOptions {
  /** waits before the 2nd, 3rd, ... attempt */
  retryDelaysMs: number[];
  timeoutMs: number;
}
export const DEFAULT_DELIVERY: DeliveryOptions = { retryDelaysMs: [2_000, 10_000], timeoutMs: 15_000 };

export interface Outgoing {
  body: Buffer;
  contentType: string;
  fileName: string;
  reportId: string;
  runId: string;
  reportName: string;
  range: { from: string; to: string };
  secret: string;
}

/** Writes through a temporary name and renames, so a reader of the folder never sees half a file. */
export async function deliverToFolder(baseDir: string, folder: string, file: Outgoing): Promise<Delivery> {
  const to = `folder ${folder}`;
  try {
    const root = path.resolve(baseDir);
    const dir = path.resolve(root, folder);
    if (path.dirname(dir) !== root) throw new Error("the folder must be directly inside the reports directory");
    await fs.mkdir(dir, { recursive: true });
    const target = path.join(dir, file.fileName);
    const temp = `${target}.${process.pid}.partial`;
    await fs.writeFile(temp, file.body);
    await fs.rename(temp, target);
    return { to, kind: "folder", ok: true, attempts: 1, detail: `wrote ${target} (${file.body.length} bytes)` };
  } catch (err) {
    return { to, kind: "folder", ok: false, attempts: 1, detail: `could not write: ${(err as Error).message}` };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// a receiver that refuses the request itself will refuse it again; these are worth retrying
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export async function deliverToWebhook(url: string, file: Outgoing, opts: DeliveryOptions = DEFAULT_DELIVERY): Promise<Delivery> {
  const to = redact(url);
  let detail = "";
  for (let attempt = 1; attempt <= opts.retryDelaysMs.length + 1; attempt++) {
    if (attempt > 1) await sleep(opts.retryDelaysMs[attempt - 2]!);
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(url, {
        method: "POST",
        body: new Uint8Array(file.body),
        redirect: "manual",
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: {
          "content-type": file.contentType,
          "content-disposition": `attachment; filename="${file.fileName}"`,
          "user-agent": "HangzhouPayMonitor-Reports/1",
          "x-hpm-report": file.reportId,
          "x-hpm-report-name": encodeURIComponent(file.reportName),
          "x-hpm-run": file.runId,
          "x-hpm-range": `${file.range.from}/${file.range.to}`,
          "x-hpm-timestamp": timestamp,
          "x-hpm-signature": signature(file.secret, timestamp, file.body),
        },
      });
      const text = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
      if (res.ok) return { to, kind: "webhook", ok: true, attempts: attempt, detail: `HTTP ${res.status}` };
      detail = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
      if (!retryable(res.status)) return { to, kind: "webhook", ok: false, attempts: attempt, detail: `${detail} (not retried)` };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const cause = e.cause?.message ?? e.message;
      detail = e.name === "TimeoutError" ? `no answer within ${opts.timeoutMs / 1000} s` : e.cause?.code && !cause.includes(e.cause.code) ? `${e.cause.code}: ${cause}` : cause;
    }
  }
  return { to, kind: "webhook", ok: false, attempts: opts.retryDelaysMs.length + 1, detail };
}

/** A webhook as the history shows it: query strings often carry tokens, so they are cut. */
export function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
}
