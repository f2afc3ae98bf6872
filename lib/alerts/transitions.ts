import type { Reading } from "./measure";

// The life of one (rule, subject), as a pure function so every path is unit
// tested: OK -> PENDING (breach held for the pending period) -> FIRING (an
// incident opens) -> RECOVERING (past the recovery value, with hysteresis)
// -> OK (held for the recovery period: the incident resolves). A metric that
// flaps around the threshold stays within one incident.

export type Status = "OK" | "PENDING" | "FIRING" | "RECOVERING";
export type Transition = "fire" | "recovering" | "refire" | "resolve" | null;

export interface RuleLimits {
  bad: "above" | "below";
  threshold: number;
  recoverAt: number;
  minVolume: number;
  pendingSeconds: number;
  recoverySeconds: number;
}

export interface StateNow {
  status: Status;
  since: Date;
}

export function step(prev: StateNow | undefined, reading: Reading | undefined, rule: RuleLimits, now: Date): StateNow & { transition: Transition } {
  const status = prev?.status ?? "OK";
  const held = (ms: number) => prev !== undefined && now.getTime() - prev.since.getTime() >= ms;
  // too few payments to judge: no new alarm, and no recovery claimed either
  const known = reading !== undefined && reading.volume >= rule.minVolume && reading.volume > 0;
  const breach = known && (rule.bad === "above" ? reading.value > rule.threshold : reading.value < rule.threshold);
  const recovered = known && (rule.bad === "above" ? reading.value < rule.recoverAt : reading.value > rule.recoverAt);
  const stay = { status, since: prev?.since ?? now, transition: null };
  switch (status) {
    case "OK":
      if (!breach) return stay;
      return rule.pendingSeconds === 0 ? { status: "FIRING", since: now, transition: "fire" } : { status: "PENDING", since: now, transition: null };
    case "PENDING":
      if (!breach) return { status: "OK", since: now, transition: null };
      return held(rule.pendingSeconds * 1000) ? { status: "FIRING", since: now, transition: "fire" } : stay;
    case "FIRING":
      if (!recovered) return stay;
      return rule.recoverySeconds === 0 ? { status: "OK", since: now, transition: "resolve" } : { status: "RECOVERING", since: now, transition: "recovering" };
    case "RECOVERING":
      if (known && !recovered) return { status: "FIRING", since: now, transition: "refire" };
      return recovered && held(rule.recoverySeconds * 1000) ? { status: "OK", since: now, transition: "resolve" } : stay;
  }
}
