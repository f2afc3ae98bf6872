// Formatting shared by server and client components. Money arrives as exact
// decimal strings and is formatted from the string (Intl rounds decimal strings
// exactly, half away from zero), so no float ever touches a CNY figure.

export const TIME_ZONE = "Asia/Shanghai";

const tag = (locale: string) => (locale === "zh" ? "zh-CN" : "en-US");
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f as T;
}

export function formatCny(decimal: string | number, locale = "en", fractionDigits = 2): string {
  const f = memo(`cny|${locale}|${fractionDigits}`, () =>
    new Intl.NumberFormat(tag(locale), {
      style: "currency",
      currency: "CNY",
      currencyDisplay: "narrowSymbol",
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    }),
  );
  // Intl accepts exact decimal strings at run time; its TypeScript signature lags behind
  return f.format(decimal as unknown as number);
}

export function formatInt(n: number, locale = "en"): string {
  return memo(`int|${locale}`, () => new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 0 })).format(n);
}

export function formatNumber(n: number | null, locale = "en", digits = 1): string {
  if (n === null) return "–";
  return memo(`num|${locale}|${digits}`, () => new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n);
}

/** Milliseconds in the reader's language: "1,915 ms" / "1,915毫秒". */
export function formatMs(n: number, locale = "en"): string {
  return memo(`ms|${locale}`, () => new Intl.NumberFormat(tag(locale), { style: "unit", unit: "millisecond", maximumFractionDigits: 0 })).format(n);
}

/** Seconds with one decimal: "12.9 s" / "12.9 秒". */
export function formatSeconds(n: number, locale = "en", digits = 1): string {
  return `${formatNumber(n, locale, digits)} ${locale === "zh" ? "秒" : "s"}`;
}

/** Basis points (Intl has no such unit): "152.3 bp" / "152.3 基点". */
export function formatBps(n: number, locale = "en", digits = 1): string {
  return `${formatNumber(n, locale, digits)} ${locale === "zh" ? "基点" : "bp"}`;
}

/** Axis ticks: 1.2M / 123万. */
export function formatCompact(n: number, locale = "en"): string {
  return memo(`compact|${locale}`, () => new Intl.NumberFormat(tag(locale), { notation: "compact", maximumFractionDigits: 1 })).format(n);
}

export function formatPercent(x: number | null, digits = 2): string {
  return x === null ? "–" : `${(x * 100).toFixed(digits)}%`;
}

/** +68.0% / −12.5%: a change against a baseline. */
export function formatChange(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return "–";
  const pct = (ratio - 1) * 100;
  return `${pct >= 0 ? "+" : "−"}${Math.abs(pct).toFixed(digits)}%`;
}

export function formatShanghai(iso: string | null, locale = "en"): string {
  if (!iso) return "–";
  return memo(`dt|${locale}`, () => new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" })).format(
    new Date(iso),
  );
}

/** hh:mm:ss in Asia/Shanghai: data freshness. */
export function formatClock(iso: string, locale = "en"): string {
  return memo(`clock|${locale}`, () => new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })).format(
    new Date(iso),
  );
}

/** A local day (YYYY-MM-DD) as "23 Sep" / "9月23日". */
export function formatDay(day: string, locale = "en"): string {
  return memo(`day|${locale}`, () => new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: "UTC", day: "numeric", month: "short" })).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** A bucket start as "23 Sep 14:05" in Asia/Shanghai. */
export function formatBucket(iso: string, locale = "en"): string {
  return memo(`bucket|${locale}`, () =>
    new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: TIME_ZONE, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
  ).format(new Date(iso));
}

/** An amount in the payer's currency with that currency's own minor units (447.2600 MYR -> MYR 447.26). */
export function formatMoney(decimal: string, currency: string, locale = "en"): string {
  const f = memo(`money|${currency}|${locale}`, () => new Intl.NumberFormat(tag(locale), { style: "currency", currency, currencyDisplay: "code" }));
  return f.format(decimal as unknown as number);
}
