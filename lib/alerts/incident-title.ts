import { districtName, walletName } from "../dashboard/labels";
import { fill } from "../i18n/dashboard-messages";
import { messages, type Locale } from "../i18n/messages";
import { KIND_INFO, type RuleKind } from "./rule-spec";

// An incident's one-line title in either language, from its rule and the
// reading that opened it: the alert engine records the English one, the
// incident list shows the reader's, and webhooks carry both.

interface TitledRule {
  name: string;
  kind: string;
  groupBy: string | null;
  threshold: number;
}

/** "Kakao Pay" / "全部支付": what one incident of the rule is about. */
export function subjectLabel(rule: Pick<TitledRule, "groupBy">, subject: string, locale: Locale = "en"): string {
  const t = messages[locale];
  if (rule.groupBy === "wallet") return walletName(subject || null, locale, t.dash.cards);
  if (rule.groupBy === "district") return districtName(subject, locale);
  return t.admin.rules.allPayments;
}

/** "12.5%", "1840 ms", "1840 毫秒": a reading in its kind's unit. */
export function formatReading(kind: string, value: number, locale: Locale = "en"): string {
  const unit = KIND_INFO[kind as RuleKind]?.unit;
  if (!unit) return value.toFixed(1);
  const digits = unit === "ms" || unit === "payments" ? 0 : 1;
  return `${value.toFixed(digits)}${unit === "%" ? "%" : ` ${messages[locale].admin.rules.units[unit]}`}`;
}

export function incidentTitle(rule: TitledRule, subject: string, value: number, locale: Locale = "en"): string {
  const r = messages[locale].admin.rules;
  const bad = KIND_INFO[rule.kind as RuleKind]?.bad ?? "above";
  return fill(r.incidentTitle, { rule: rule.name, subject: subjectLabel(rule, subject, locale), value: formatReading(rule.kind, value, locale), bad: r[bad], threshold: formatReading(rule.kind, rule.threshold, locale) });
}
