import { z } from "zod";
import { referenceData } from "../reference/data";

// An alert rule as ops define it, validated the same way by the form and the API.

export const RULE_KINDS = ["failure_rate", "latency_p95", "volume_drop", "fx_spread_p90", "backlog", "fold_lag"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const FAILURE_CATEGORIES = ["PAYER", "WALLET_PARTNER", "NETWORK_SYSTEM", "RISK_COMPLIANCE"] as const;

export type RuleUnit = "%" | "ms" | "% of baseline" | "bp" | "payments" | "s";
/** What each kind measures (in the alert engine's English records; the pages take theirs from lib/i18n), its unit, and which way is bad. */
export const KIND_INFO: Record<RuleKind, { label: string; unit: RuleUnit; bad: "above" | "below" }> = {
  failure_rate: { label: "Failure rate", unit: "%", bad: "above" },
  latency_p95: { label: "Latency p95", unit: "ms", bad: "above" },
  volume_drop: { label: "Volume against the August same hour", unit: "% of baseline", bad: "below" },
  fx_spread_p90: { label: "FX spread p90", unit: "bp", bad: "above" },
  backlog: { label: "Pending + unknown payments", unit: "payments", bad: "above" },
  // how long the oldest change waits for the folder: the dashboards' figures are that far behind
  fold_lag: { label: "Dashboard figures behind the payments", unit: "s", bad: "above" },
};

const ref = referenceData();
const codes = (name: string, allowed: readonly string[]) =>
  z
    .array(z.string())
    .default([])
    .transform((v) => [...new Set(v)].sort())
    .superRefine((values, ctx) => {
      for (const v of values) if (!allowed.includes(v)) ctx.addIssue({ code: "custom", message: `unknown ${name} ${v}` });
    });

export const ruleSpecSchema = z
  .strictObject({
    name: z.string().trim().min(1, "name is required").max(100),
    kind: z.enum(RULE_KINDS),
    /** one incident per wallet or per district, or one for everything the rule covers */
    groupBy: z.enum(["wallet", "district"]).nullable().default(null),
    wallets: codes("wallet", ref.wallets.map((w) => w.code)),
    districts: codes("district", ref.districts.filter((d) => d.current).map((d) => d.code)),
    failureCategory: z.enum(FAILURE_CATEGORIES).nullable().default(null),
    windowMinutes: z.number().int().min(1).max(1440),
    threshold: z.number().finite().min(0),
    /** hysteresis; default: 80% of the threshold (120% for volume drops) */
    recoverAt: z.number().finite().min(0).optional(),
    /** below this many payments in the window the rule neither fires nor recovers */
    minVolume: z.number().int().min(0).max(1_000_000).default(20),
    pendingSeconds: z.number().int().min(0).max(3600).default(60),
    recoverySeconds: z.number().int().min(0).max(3600).default(300),
    webhookUrl: z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .max(2000)
      .nullable()
      .default(null)
      .or(z.literal("").transform(() => null)),
    enabled: z.boolean().default(true),
  })
  .transform((r) => ({ ...r, recoverAt: r.recoverAt ?? (KIND_INFO[r.kind].bad === "above" ? r.threshold * 0.8 : Math.min(100, r.threshold * 1.2)) }))
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const bad = KIND_INFO[r.kind].bad;
    if (bad === "above" && r.recoverAt > r.threshold) issue("recoverAt", "must not be above the threshold (it recovers below it)");
    if (bad === "below" && r.recoverAt < r.threshold) issue("recoverAt", "must not be below the threshold (it recovers above it)");
    if ((r.kind === "failure_rate" || r.kind === "volume_drop") && r.threshold > 100) issue("threshold", "is a percentage, at most 100");
    if ((r.kind === "latency_p95" || r.kind === "fx_spread_p90") && r.windowMinutes < 5) {
      issue("windowMinutes", "percentile rules read 5-minute histograms: the window is at least 5 minutes");
    }
    if (r.kind === "fold_lag" && (r.groupBy || r.wallets.length || r.districts.length)) {
      issue("kind", "the folder's lag is one figure for the whole database: no grouping, wallets or districts");
    }
    if (r.failureCategory && r.kind !== "failure_rate") issue("failureCategory", "only failure-rate rules count one failure category");
  });

export type RuleSpec = z.output<typeof ruleSpecSchema>;
export type RuleSpecInput = z.input<typeof ruleSpecSchema>;
