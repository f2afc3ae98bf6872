import { BASE_MID_RATE } from "./profile";
import { Rng, subSeed } from "./random";

// Reference mid rates move through the day: a daily random walk plus an
// intraday wave and per-minute jitter, all derived from the seed.

const CURRENCY_INDEX = Object.fromEntries(Object.keys(BASE_MID_RATE).map((c, i) => [c, i + 1]));

export class FxModel {
  private dailyLevel = new Map<string, number>();

  constructor(private readonly seed: number) {}

  private level(currency: string, day: string): number {
    const key = `${currency}:${day}`;
    let v = this.dailyLevel.get(key);
    if (v === undefined) {
      // independent of the order in which days are asked for
      const dayNo = Math.round(Date.parse(`${day}T00:00:00Z`) / 86400_000);
      const rng = new Rng(subSeed(this.seed, 7, CURRENCY_INDEX[currency] ?? 99, dayNo));
      v = 1 + 0.004 * Math.sin(dayNo / 9 + (CURRENCY_INDEX[currency] ?? 0)) + rng.normal() * 0.0015;
      this.dailyLevel.set(key, v);
    }
    return v;
  }

  /** CNY per unit at a whole minute (epoch ms), as a decimal string with 12 significant digits. */
  midRate(currency: string, minuteMs: number, day: string): string {
    const base = BASE_MID_RATE[currency];
    if (base === undefined) throw new Error(`No base rate for ${currency}`);
    const minuteOfDay = ((minuteMs / 60_000 + 480) % 1440 + 1440) % 1440;
    const rng = new Rng(subSeed(this.seed, 8, CURRENCY_INDEX[currency] ?? 99, minuteMs / 60_000));
    const wave = 0.0009 * Math.sin((2 * Math.PI * minuteOfDay) / 1440 + (CURRENCY_INDEX[currency] ?? 0));
    const rate = base * (this.level(currency, day) + wave + (rng.next() - 0.5) * 0.0003);
    return formatRate(rate);
  }
}

export function formatRate(rate: number): string {
  // 12 significant digits, never exponent notation, at most 12 decimals
  const digits = Math.max(0, Math.min(12, 11 - Math.floor(Math.log10(rate))));
  return rate.toFixed(digits);
}
