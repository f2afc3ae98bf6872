import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { postSigned, redact } from "../webhooks/post";
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

export async function deliverToWebhook(url: string, file: Outgoing, opts: DeliveryOptions = DEFAULT_DELIVERY): Promise<Delivery> {
  const to = redact(url);
  let last = "";
  const tries = opts.retryDelaysMs.length + 1;
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (attempt > 1) await sleep(opts.retryDelaysMs[attempt - 2]!);
    const outcome = await postSigned(url, file.body, {
      contentType: file.contentType,
      secret: file.secret,
      timeoutMs: opts.timeoutMs,
      headers: {
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "x-hpm-report": file.reportId,
        "x-hpm-report-name": encodeURIComponent(file.reportName),
        "x-hpm-run": file.runId,
        "x-hpm-range": `${file.range.from}/${file.range.to}`,
      },
    });
    if (outcome.ok) return { to, kind: "webhook", ok: true, attempts: attempt, detail: outcome.detail };
    // a receiver that refuses the request itself will refuse it again
    if (!outcome.retryable) return { to, kind: "webhook", ok: false, attempts: attempt, detail: `${outcome.detail} (not retried)` };
    last = outcome.detail;
  }
  return { to, kind: "webhook", ok: false, attempts: tries, detail: last };
}
