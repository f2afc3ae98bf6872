// Formatting shared by server and client components. Money arrives as exact
// decimal strings; it is rounded only here, for display.

export const TIME_ZONE = "Asia/Shanghai";

export function formatCny(decimal: string, locale = "en"): string {
  const [int = "0", frac = ""] = decimal.split(".");
  const cents = BigInt(int) * 100n + BigInt((frac + "00").slice(0, 2));
  const whole = cents / 100n;
  const rest = cents % 100n;
  const grouped = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-US").format(whole);
  return `¥${grouped}.${rest.toString().padStart(2, "0")}`;
}

export function formatInt(n: number, locale = "en"): string {
  return new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-US").format(n);
}

export function formatPercent(x: number | null, digits = 2): string {
  return x === null ? "–" : `${(x * 100).toFixed(digits)}%`;
}

export function formatShanghai(iso: string | null): string {
  if (!iso) return "–";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}
