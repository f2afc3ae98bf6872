import { FAILURE_MIX, INCIDENTS, localMs, type Incident } from "./profile";
import type { Rng } from "./random";

export interface StatusPlan {
  final: "SUCCESS" | "FAILED" | "UNKNOWN";
  resultCode: string;
  /** first reported as PENDING, resolved by a later update */
  pendingFirst: boolean;
  latencyMs: number;
  resolveAfterMs: number;
}

const windows = INCIDENTS.map((i) => ({ ...i, from: localMs(i.start), to: localMs(i.end) }));

export function activeIncidents(at: number, wallet: string | null): Incident[] {
  return windows.filter((w) => at >= w.from && at < w.to && (!w.wallet || w.wallet === wallet));
}

const FAILURE_TOTAL = FAILURE_MIX.reduce((a, [, p]) => a + p, 0);

function baseLatency(rng: Rng, wallet: string | null): number {
  const median = wallet === "HIPAY" ? 1500 : wallet === null ? 1200 : 850;
  return Math.round(Math.min(20_000, Math.max(150, rng.logNormal(median, 0.45))));
}

/** Final outcome of one payment: baseline failure mix, new-wallet teething, clustered incidents. */
export function planStatus(
  rng: Rng,
  at: number,
  wallet: string | null,
  daysSinceLive: number,
): StatusPlan {
  const incidents = activeIncidents(at, wallet);
  let latencyMs = baseLatency(rng, wallet);
  let pendingFirst = rng.chance(0.02);
  let resolveAfterMs = rng.int(5_000, 120_000);

  if (incidents.some((i) => i.kind === "wallet-outage") && rng.chance(0.92)) {
    const code = rng.chance(0.8) ? "PAYMENT_METHOD_SUSPEND" : "SYSTEM_ERROR";
    return { final: "FAILED", resultCode: code, pendingFirst: false, latencyMs: rng.int(80, 600), resolveAfterMs };
  }
  if (incidents.some((i) => i.kind === "timeout-spike")) {
    latencyMs *= 5;
    if (rng.chance(0.3)) {
      latencyMs = rng.int(15_000, 30_000);
      resolveAfterMs = rng.int(60_000, 40 * 60_000);
      const r = rng.next();
      if (r < 0.55) return { final: "FAILED", resultCode: "REQUEST_TIMEOUT", pendingFirst: true, latencyMs, resolveAfterMs };
      if (r < 0.6) return { final: "UNKNOWN", resultCode: "UNKNOWN_EXCEPTION", pendingFirst: true, latencyMs, resolveAfterMs };
      return { final: "SUCCESS", resultCode: "SUCCESS", pendingFirst: true, latencyMs, resolveAfterMs };
    }
  }
  const teething = wallet !== null && daysSinceLive < 3 && daysSinceLive >= 0 ? 0.015 : 0;
  const r = rng.next();
  if (r < teething) return { final: "FAILED", resultCode: "ISSUER_PAYMENT_REJECTED", pendingFirst, latencyMs, resolveAfterMs };
  if (r < teething + FAILURE_TOTAL) {
    let x = r - teething;
    let code = FAILURE_MIX[0]![0];
    for (const [c, p] of FAILURE_MIX) {
      if (x < p) {
        code = c;
        break;
      }
      x -= p;
    }
    if (code === "REQUEST_TIMEOUT") {
      pendingFirst = true;
      latencyMs = rng.int(15_000, 30_000);
    }
    return { final: "FAILED", resultCode: code, pendingFirst, latencyMs, resolveAfterMs };
  }
  if (pendingFirst && rng.chance(0.03)) {
    return { final: "UNKNOWN", resultCode: "UNKNOWN_EXCEPTION", pendingFirst, latencyMs, resolveAfterMs };
  }
  return { final: "SUCCESS", resultCode: "SUCCESS", pendingFirst, latencyMs, resolveAfterMs };
}
