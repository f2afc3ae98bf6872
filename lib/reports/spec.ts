import { z } from "zod";
import { CHANNELS, MERCHANT_CATEGORIES } from "../metrics/filter";
import { referenceData } from "../reference/data";
import { VENUE_RADII_M, VENUE_RADIUS_MESSAGE, VENUES_NEED_RADIUS } from "../venue-zones";

// What an admin defines as a scheduled report, validated the same way by the
// admin form (browser) and the API (server). Times are Asia/Shanghai.

/** The range a run covers: relative to the run's scheduled time, or a fixed period of the Games. */
export const PERIODS = ["previous-hour", "previous-day", "previous-7-days", "games", "opening-week", "golden-week", "august"] as const;
export type Period = (typeof PERIODS)[number];
export const CADENCES = ["hour", "day", "week"] as const;
export type Cadence = (typeof CADENCES)[number];
/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** At most this many webhook receivers per report. */
export const MAX_WEBHOOKS = 5;

const ref = referenceData();

const codes = (name: string, allowed: readonly string[]) =>
  z
    .array(z.string())
    .max(allowed.length)
    .default([])
    .transform((v) => [...new Set(v)].sort())
    .superRefine((values, ctx) => {
      for (const v of values) if (!allowed.includes(v)) ctx.addIssue({ code: "custom", message: `unknown ${name} ${v}` });
    });

const webhook = z
  .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
  .max(2000)
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry a user name or password (put secrets in the receiver, the payload is signed)");

export const reportSpecSchema = z
  .strictObject({
    name: z.string().trim().min(1, "name is required").max(100),
    /** "briefing": the officials' PDF; "table": one metric table as CSV or XLSX */
    kind: z.enum(["briefing", "table"]),
    metric: z.string().max(40).optional(),
    view: z.string().max(40).optional(),
    format: z.enum(["pdf", "csv", "xlsx"]),
    lang: z.enum(["en", "zh"]).default("en"),
    period: z.enum(PERIODS),
    wallets: codes("wallet", ref.wallets.map((w) => w.code)),
    channels: codes("channel", CHANNELS),
    districts: codes("district", ref.districts.filter((d) => d.current).map((d) => d.code)),
    categories: codes("category", MERCHANT_CATEGORIES),
    /** payments at merchants within this many metres of their nearest venue, as the dashboard's "near venues" */
    radiusM: z
      .number()
      .int()
      .refine((r) => (VENUE_RADII_M as readonly number[]).includes(r), VENUE_RADIUS_MESSAGE)
      .optional(),
    /** of these venues only (any venue when empty) */
    venues: codes("venue", ref.venues.map((v) => v.code)),
    /** the reader the report is built for: officials get small cells suppressed, as on their screen */
    audienceRole: z.enum(["OFFICIAL", "OPS"]).default("OFFICIAL"),
    audienceDistricts: codes("district", ref.districts.filter((d) => d.current).map((d) => d.code)),
    cadence: z.enum(CADENCES),
    /** "HH:MM" for day and week; the minute of the hour ("MM" or "HH:MM", hours ignored) for hour */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^[0-5]\d$/, "must be a time like 08:00 (or a minute like 15 for hourly)"),
    /** 1 = Monday ... 7 = Sunday; weekly reports only */
    weekday: z.number().int().min(1).max(7).optional(),
    /** a sub-folder of the reports directory on the server */
    folder: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be one folder name: letters, digits, dot, dash, underscore (no slashes)")
      .refine((f) => !f.includes(".."), "must not contain ..")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    webhooks: z.array(webhook).max(MAX_WEBHOOKS, `at most ${MAX_WEBHOOKS} webhooks`).default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (s.venues.length && s.radiusM === undefined) issue("radiusM", VENUES_NEED_RADIUS);
    if (s.kind === "briefing" && s.format !== "pdf") issue("format", "a briefing is a PDF");
    if (s.kind === "table" && s.format === "pdf") issue("format", "a table is exported as csv or xlsx");
    if (s.kind === "table" && (!s.metric || !s.view)) issue("metric", "a table report needs a metric and a view");
    if (s.kind === "briefing" && (s.metric || s.view)) issue("metric", "a briefing has no metric or view");
    if (s.cadence === "week" && !s.weekday) issue("weekday", "a weekly report needs a weekday");
    if (s.cadence !== "week" && s.weekday) issue("weekday", "only weekly reports have a weekday");
    if (s.cadence === "hour" && (s.period === "previous-day" || s.period === "previous-7-days")) {
      // an hourly report of the previous day would repeat the same figures 24 times
      issue("period", "an hourly report covers the previous hour or a fixed period");
    }
    const outside = s.audienceDistricts.length ? s.districts.filter((d) => !s.audienceDistricts.includes(d)) : [];
    if (outside.length) issue("districts", `the audience may see only ${s.audienceDistricts.join(", ")}; not ${outside.join(", ")}`);
    if (!s.folder && s.webhooks.length === 0) issue("webhooks", "name a folder or at least one webhook to deliver to");
  });

export type ReportSpec = z.output<typeof reportSpecSchema>;
export type ReportSpecInput = z.input<typeof reportSpecSchema>;

/** Minutes after local midnight (day, week) or past the hour (hour). */
export function atMinute(spec: Pick<ReportSpec, "cadence" | "at">): number {
  const [h, m] = spec.at.includes(":") ? spec.at.split(":").map(Number) : [0, Number(spec.at)];
  return spec.cadence === "hour" ? m! : h! * 60 + m!;
}

/** "08:00" / "15" back from the stored minute. */
export function atText(cadence: Cadence, minute: number): string {
  const mm = String(minute % 60).padStart(2, "0");
  return cadence === "hour" ? mm : `${String(Math.floor(minute / 60)).padStart(2, "0")}:${mm}`;
}

/** How a schedule reads in the reader's language: "daily at 08:00", "Mondays at 07:30", "hourly at :15" (Asia/Shanghai). */
export function describeCadence(cadence: Cadence, minute: number, weekday: number | null, text: { cadence: Record<Cadence, string>; weekdays: Record<(typeof WEEKDAYS)[number], string> }): string {
  const day = text.weekdays[(weekday ?? 1) as (typeof WEEKDAYS)[number]];
  return text.cadence[cadence].replace("{at}", atText(cadence, minute)).replace("{day}", day);
}

/** A stored report as it was submitted, for editing it or switching it on and off. */
export interface StoredReport {
  name: string;
  kind: string;
  metric: string | null;
  view: string | null;
  format: string;
  lang: string;
  period: string;
  walletCodes: string[];
  channels: string[];
  districtCodes: string[];
  categories: string[];
  radiusM: number | null;
  venueCodes: string[];
  audienceRole: string;
  audienceDistricts: string[];
  cadence: string;
  atMinute: number;
  weekday: number | null;
  folder: string | null;
  webhooks: string[];
  enabled: boolean;
}

export function specOf(r: StoredReport): ReportSpecInput {
  return {
    name: r.name,
    kind: r.kind as ReportSpec["kind"],
    ...(r.metric ? { metric: r.metric, view: r.view ?? "" } : {}),
    format: r.format as ReportSpec["format"],
    lang: r.lang as ReportSpec["lang"],
    period: r.period as Period,
    wallets: r.walletCodes,
    channels: r.channels,
    districts: r.districtCodes,
    categories: r.categories,
    ...(r.radiusM !== null ? { radiusM: r.radiusM } : {}),
    venues: r.venueCodes,
    audienceRole: r.audienceRole as ReportSpec["audienceRole"],
    audienceDistricts: r.audienceDistricts,
    cadence: r.cadence as Cadence,
    at: atText(r.cadence as Cadence, r.atMinute),
    ...(r.weekday ? { weekday: r.weekday } : {}),
    ...(r.folder ? { folder: r.folder } : {}),
    webhooks: r.webhooks,
    enabled: r.enabled,
  };
}
