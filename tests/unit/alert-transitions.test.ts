import { describe, expect, it } from "vitest";
import { step, type RuleLimits, type StateNow } from "@/lib/alerts/transitions";

const rule: RuleLimits = { bad: "above", threshold: 20, recoverAt: 5, minVolume: 10, pendingSeconds: 60, recoverySeconds: 120 };
const at = (s: number) => new Date(Date.UTC(2023, 8, 30, 2, 0, s));

/** Feeds readings every 30 s and returns the transitions in order. */
function run(values: (number | null)[], limits = rule, volume = 50) {
  let state: StateNow | undefined;
  const seen: string[] = [];
  values.forEach((v, i) => {
    const next = step(state, v === null ? undefined : { value: v, volume }, limits, at(i * 30));
    if (next.transition) seen.push(`${i * 30}s ${next.transition}`);
    state = next;
  });
  return { seen, state: state! };
}

describe("alert transitions", () => {
  it("fires after the pending period, once, and resolves after the recovery period", () => {
    const { seen, state } = run([1, 50, 50, 50, 50, 2, 2, 2, 2, 2, 2]);
    // breach seen at 30 s, held 60 s: fires at 90 s; below 5% from 150 s, held 120 s: resolved at 270 s
    expect(seen).toEqual(["90s fire", "150s recovering", "270s resolve"]);
    expect(state.status).toBe("OK");
  });

  it("a breach shorter than the pending period never fires", () => {
    expect(run([50, 50, 1, 50, 1, 50, 1]).seen).toEqual([]);
  });

  it("a metric flapping around the threshold stays one incident (hysteresis)", () => {
    // above 20 and back to 10 (not below the 5% recovery value) again and again
    const values = [30, 30, 30, ...Array.from({ length: 40 }, (_, i) => (i % 2 ? 30 : 10))];
    const { seen, state } = run(values);
    expect(seen).toEqual(["60s fire"]);
    expect(state.status).toBe("FIRING");
    // dipping below the recovery value briefly only starts recovering; it refires without a new incident
    expect(run([30, 30, 30, 3, 30, 3, 30]).seen).toEqual(["60s fire", "90s recovering", "120s refire", "150s recovering", "180s refire"]);
  });

  it("too few payments neither fire nor resolve", () => {
    expect(run([50, 50, 50, 50], rule, 3).seen).toEqual([]);
    const firing = run([50, 50, 50]).state;
    const quiet = step(firing, { value: 0, volume: 2 }, rule, at(600));
    expect(quiet).toMatchObject({ status: "FIRING", transition: null });
  });

  it("volume drops fire below the threshold and recover above the recovery value", () => {
    const drop: RuleLimits = { bad: "below", threshold: 40, recoverAt: 70, minVolume: 10, pendingSeconds: 0, recoverySeconds: 0 };
    expect(run([100, 30, 50, 60, 80], drop).seen).toEqual(["30s fire", "120s resolve"]);
  });
});
