import { describe, expect, it } from "vitest";
import { liveArgs } from "@/lib/cli/live-args";
import { DEFAULT_LIVE_INCIDENTS, parseIncident } from "@/lib/simulate/live";

describe("live feed options", () => {
  it("reads injected incidents and says how to write a bad one", () => {
    expect(parseIncident("outage:KAKAOPAY@120+600")).toEqual({ kind: "outage", wallet: "KAKAOPAY", startSeconds: 120, durationSeconds: 600 });
    expect(parseIncident("timeouts@900+300")).toEqual({ kind: "timeouts", wallet: undefined, startSeconds: 900, durationSeconds: 300 });
    expect(parseIncident("fx:TRUEMONEY@1500+300")).toMatchObject({ kind: "fx", wallet: "TRUEMONEY" });
    expect(() => parseIncident("outage@120+600")).toThrow(/write outage:<WALLET>@<start s>\+<duration s>/);
    expect(() => parseIncident("meteor:KAKAOPAY@1+2")).toThrow(/--incident meteor:KAKAOPAY@1\+2/);
  });

  it("checks speed, day and duration, and defaults to the three demo incidents", () => {
    expect(liveArgs({ speed: "60", day: "2023-09-30" })).toEqual({ speed: 60, day: "2023-09-30", incidents: DEFAULT_LIVE_INCIDENTS, durationSeconds: undefined });
    expect(liveArgs({ speed: "60", day: "2023-09-30", "no-incidents": true }).incidents).toEqual([]);
    expect(() => liveArgs({ speed: "0", day: "2023-09-30" })).toThrow("--speed must be a number from 1 to 100000 (simulated seconds per real second), got 0");
    expect(() => liveArgs({ speed: "60", day: "2023-10-09" })).toThrow("--day must be a simulated day from 2023-08-01 to 2023-10-08, got 2023-10-09");
    expect(() => liveArgs({ speed: "60", day: "2023-09-30", duration: "-5" })).toThrow("--duration must be a number of seconds, got -5");
  });
});
