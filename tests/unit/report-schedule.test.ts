import { describe, expect, it } from "vitest";
import { messages } from "@/lib/i18n/messages";
import { atMinute, describeCadence, reportSpecSchema } from "@/lib/reports/spec";
import { latestOccurrence, nextOccurrence, periodRange, type Timing } from "@/lib/reports/timing";

const at = (s: string) => new Date(s);
const daily8: Timing = { cadence: "day", atMinute: 8 * 60, weekday: null };

describe("report timing (Asia/Shanghai)", () => {
  it("a daily 08:00 report is due at 08:00 Shanghai, which is 00:00 UTC", () => {
    expect(latestOccurrence(daily8, at("2023-10-01T08:00:00+08:00")).toISOString()).toBe("2023-10-01T00:00:00.000Z");
    expect(latestOccurrence(daily8, at("2023-10-01T07:59:59+08:00")).toISOString()).toBe("2023-09-30T00:00:00.000Z");
    expect(latestOccurrence(daily8, at("2023-10-01T23:59:00+08:00")).toISOString()).toBe("2023-10-01T00:00:00.000Z");
    // 02:00 Shanghai is still the previous UTC day: the local day decides
    expect(latestOccurrence({ ...daily8, atMinute: 60 }, at("2023-10-01T01:30:00+08:00")).toISOString()).toBe("2023-09-30T17:00:00.000Z");
    expect(nextOccurrence(daily8, at("2023-10-01T08:00:00+08:00")).toISOString()).toBe("2023-10-02T00:00:00.000Z");
  });

  it("weekly on a weekday and hourly at a minute", () => {
    const monday730: Timing = { cadence: "week", atMinute: 7 * 60 + 30, weekday: 1 };
    // 2023-10-02 was a Monday
    expect(latestOccurrence(monday730, at("2023-10-04T12:00:00+08:00")).toISOString()).toBe("2023-10-01T23:30:00.000Z");
    expect(latestOccurrence(monday730, at("2023-10-02T07:29:00+08:00")).toISOString()).toBe("2023-09-24T23:30:00.000Z");
    expect(latestOccurrence({ cadence: "week", atMinute: 0, weekday: 7 }, at("2023-10-08T00:00:00+08:00")).toISOString()).toBe("2023-10-07T16:00:00.000Z");
    const hourly15: Timing = { cadence: "hour", atMinute: 15, weekday: null };
    expect(latestOccurrence(hourly15, at("2023-10-01T10:14:59+08:00")).toISOString()).toBe("2023-10-01T01:15:00.000Z");
    expect(nextOccurrence(hourly15, at("2023-10-01T10:15:00+08:00")).toISOString()).toBe("2023-10-01T03:15:00.000Z");
  });

  it("periods are the local hour or days before the run, or a fixed Games period", () => {
    expect(periodRange("previous-day", at("2023-10-01T00:00:00.000Z"))).toEqual({ from: "2023-09-30", to: "2023-09-30" });
    // 23:30 UTC on 30 Sep is 07:30 on 1 Oct in Hangzhou
    expect(periodRange("previous-day", at("2023-09-30T23:30:00Z"))).toEqual({ from: "2023-09-30", to: "2023-09-30" });
    expect(periodRange("previous-7-days", at("2023-10-09T08:00:00+08:00"))).toEqual({ from: "2023-10-02", to: "2023-10-08" });
    expect(periodRange("previous-hour", at("2023-10-01T10:15:00+08:00"))).toEqual({ from: "2023-10-01T09:00:00+08:00", to: "2023-10-01T10:00:00+08:00" });
    expect(periodRange("golden-week", at("2026-01-01T00:00:00Z"))).toEqual({ from: "2023-09-29", to: "2023-10-06" });
  });
});

const valid = { name: "Daily briefing", kind: "briefing", format: "pdf", period: "previous-day", cadence: "day", at: "08:00", folder: "daily" };
const reasons = (input: object) => {
  const r = reportSpecSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("report definition", () => {
  it("accepts a complete definition and reads its time", () => {
    const spec = reportSpecSchema.parse({ ...valid, webhooks: ["https://chat.example/hook"], wallets: ["KAKAOPAY", "ALIPAYHK", "KAKAOPAY"] });
    expect(spec).toMatchObject({ lang: "en", audienceRole: "OFFICIAL", enabled: true, wallets: ["ALIPAYHK", "KAKAOPAY"] });
    expect(atMinute(spec)).toBe(480);
    expect(atMinute({ cadence: "hour", at: "15" })).toBe(15);
    expect(describeCadence("week", 450, 1, messages.en.admin.reports)).toBe("Mondays at 07:30");
    expect(describeCadence("hour", 5, null, messages.en.admin.reports)).toBe("hourly at :05");
    expect(describeCadence("week", 450, 3, messages.zh.admin.reports)).toBe("每周三 07:30");
  });

  it("says what is wrong, field by field", () => {
    expect(reasons({ ...valid, format: "csv" })).toEqual(["format: a briefing is a PDF"]);
    expect(reasons({ ...valid, folder: undefined })).toEqual(["webhooks: name a folder or at least one webhook to deliver to"]);
    expect(reasons({ ...valid, folder: "../etc" })[0]).toMatch(/^folder: must be one folder name/);
    expect(reasons({ ...valid, folder: "a/b" })[0]).toMatch(/^folder: must be one folder name/);
    expect(reasons({ ...valid, webhooks: ["ftp://x.example/"] })).toEqual(["webhooks.0: must be an http:// or https:// URL"]);
    expect(reasons({ ...valid, webhooks: ["https://u:p@x.example/"] })[0]).toMatch(/^webhooks.0: must not carry a user name/);
    expect(reasons({ ...valid, cadence: "week" })).toEqual(["weekday: a weekly report needs a weekday"]);
    expect(reasons({ ...valid, at: "25:00" })[0]).toMatch(/^at: must be a time like 08:00/);
    expect(reasons({ ...valid, wallets: ["NOPE"] })).toEqual(["wallets: unknown wallet NOPE"]);
    expect(reasons({ ...valid, kind: "table", format: "csv" })).toEqual(["metric: a table report needs a metric and a view"]);
    expect(reasons({ ...valid, cadence: "hour", at: "15" })).toEqual(["period: an hourly report covers the previous hour or a fixed period"]);
    expect(reasons({ ...valid, audienceDistricts: ["xihu"], districts: ["binjiang"] })).toEqual(["districts: the audience may see only xihu; not binjiang"]);
    expect(reasons({ ...valid, extra: 1 })[0]).toMatch(/extra/);
  });
});
