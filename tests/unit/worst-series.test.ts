import { describe, expect, it } from "vitest";
import { OTHERS, regroup, worstWallets } from "@/lib/dashboard/worst-series";

const row = (bucket: string, wallet: string, succeeded: number, failed: number) => ({ bucket, wallet, succeeded, failed });

describe("failure rate: the worst wallets and the others", () => {
  // twelve wallets, wallet i failing i% of 100 settled attempts per bucket; W0 has too few attempts to rank
  const rows = ["b1", "b2"].flatMap((b) => [
    row(b, "W0", 1, 1),
    ...Array.from({ length: 11 }, (_, i) => row(b, `W${i + 1}`, 100 - (i + 1), i + 1)),
  ]);

  it("draws the few wallets with the highest failure rate, ranking noise-sized wallets last", () => {
    const { shown, groupOf } = worstWallets(rows, 5);
    expect(shown).toEqual(["W11", "W10", "W9", "W8", "W7"]);
    expect(groupOf("W3")).toBe(OTHERS);
    expect(groupOf("W0")).toBe(OTHERS);
  });

  it("rates the others from their summed failures and successes, not an average of rates", () => {
    const { groupOf } = worstWallets(rows, 5);
    const others = regroup(rows, groupOf).filter((r) => r.wallet === OTHERS && r.bucket === "b1")[0]!;
    // W0 (1 of 2) and W1..W6 (1..6 of 100 each)
    expect(others.failed).toBe(1 + 21);
    expect(others.succeeded).toBe(1 + 600 - 21);
    expect(others.failureRate).toBeCloseTo(22 / 602, 12);
  });

  it("groups nothing when at most one wallet would be left over", () => {
    const six = rows.filter((r) => ["W1", "W2", "W3", "W4", "W5", "W6"].includes(r.wallet));
    expect(worstWallets(six, 5).shown).toHaveLength(6);
  });
});
