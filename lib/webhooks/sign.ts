import crypto from "node:crypto";

// How every webhook we send is signed, and how a receiver checks it (the
// receiver side is what tests and integrators run).

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"); the timestamp lets receivers reject replays. */
export function signature(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/** A new signing secret for a report's or a rule's webhooks (shown to the people who set up receivers). */
export const newSigningSecret = (): string => crypto.randomBytes(24).toString("base64url");
