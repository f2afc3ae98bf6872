import { unstorableText } from "../storable-text";
import { HttpError } from "./errors";

/** Reads the body, stopping as soon as it passes maxBytes so a huge upload is never buffered. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, "payload_too_large", `The body is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller batches.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

function describeJsonError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A JSON array, or NDJSON (one object per line) when the content type says so.
 * Errors name the line (NDJSON) or the parser's position (JSON).
 */
export function parseRows(text: string, contentType: string | null): unknown[] {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
    const rows: unknown[] = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        rows.push(JSON.parse(line));
      } catch (err) {
        throw new HttpError(400, "malformed_ndjson", `Line ${i + 1} is not valid JSON: ${describeJsonError(err)}`);
      }
    });
    return rows;
  }
  if (type !== "application/json") {
    throw new HttpError(415, "unsupported_media_type", `Send application/json (an array) or application/x-ndjson${type ? `, not ${type}` : " with a Content-Type header"}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "malformed_json", `The body is not valid JSON: ${describeJsonError(err)}`);
  }
  if (!Array.isArray(parsed)) {
    throw new HttpError(400, "not_an_array", "The body must be a JSON array of transactions (or NDJSON, one per line).");
  }
  return parsed;
}

/** A small JSON object body checked against its zod schema: 400 for malformed JSON, 422 naming each bad field. */
export async function parseJsonBody<S extends import("zod").ZodType>(request: Request, schema: S, maxBytes = 64 * 1024): Promise<import("zod").infer<S>> {
  // a JSON API takes only JSON: a text/plain or form body is what a cross-site form can send without asking
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(415, "unsupported_media_type", `Send the body as application/json${type ? `, not ${type}` : " with a Content-Type header"}.`);
  }
  const text = await readBodyText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "malformed_json", `The body is not valid JSON: ${describeJsonError(err)}`);
  }
  const unstorable = unstorableText(value);
  if (unstorable.length) {
    throw new HttpError(422, "validation_failed", `The request is invalid: ${unstorable.map((p) => `${p.path}: ${p.reason}`).join("; ")}.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) =>
      i.code === "unrecognized_keys" ? `unknown field ${i.keys.join(", ")}` : `${i.path.join(".") || "body"}: ${i.message}`,
    );
    throw new HttpError(422, "validation_failed", `The request is invalid: ${reasons.join("; ")}.`);
  }
  return parsed.data;
}
