// Decimal strings as scaled integers, so sums of money and basis points never drift.

export function scaled(decimal: string, digits: number): bigint {
  const negative = decimal.startsWith("-");
  const [i = "0", f = ""] = decimal.replace("-", "").split(".");
  const v = BigInt(i) * 10n ** BigInt(digits) + BigInt((f + "0".repeat(digits)).slice(0, digits) || "0");
  return negative ? -v : v;
}

export function unscaled(v: bigint, digits: number): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const base = 10n ** BigInt(digits);
  return `${negative ? "-" : ""}${abs / base}.${(abs % base).toString().padStart(digits, "0")}`;
}
