// Every number here is an assumption of the simulator except where a comment
// names a published figure (../shared/domain-facts.md). The UI must label
// simulated data as such.

/** The simulated days: the August 2023 baseline, then 19 Sep - 8 Oct 2023. */
export function simulatedDays(): string[] {
  const days: string[] = [];
  const push = (from: string, to: string) => {
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400_000) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
  };
  push("2023-08-01", "2023-08-31");
  push("2023-09-19", "2023-10-08");
  return days;
}

export const GAMES_OPENING = "2023-09-23";
export const GAMES_CLOSING = "2023-10-08";
/** Published: daily average since the opening +68.8% over August (Xinhua, 8 Oct 2023). */
export const GAMES_UPLIFT = 1.688;
/** Published: single days up to +200% (China News Service, 7 Oct 2023). */
export const PEAK_DAY_MAX = 3.0;

// Shape of the Games period before calibration to the published averages.
const GAMES_SHAPE: Record<string, number> = {
  "2023-09-19": 1.15, "2023-09-20": 1.2, "2023-09-21": 1.25, "2023-09-22": 1.35,
  "2023-09-23": 2.4, "2023-09-24": 1.55, "2023-09-25": 1.35, "2023-09-26": 1.3,
  "2023-09-27": 1.35, "2023-09-28": 1.5, "2023-09-29": 2.3, "2023-09-30": 2.15,
  "2023-10-01": 2.2, "2023-10-02": 1.95, "2023-10-03": 1.85, "2023-10-04": 1.75,
  "2023-10-05": 1.65, "2023-10-06": 1.5, "2023-10-07": 1.3, "2023-10-08": 1.9,
};

/**
 * Relative daily volume: August averages exactly 1, the days from the opening
 * average exactly GAMES_UPLIFT, no day exceeds PEAK_DAY_MAX.
 */
export function dailyMultipliers(days: string[], noise: (day: string) => number): Map<string, number> {
  const raw = new Map<string, number>();
  for (const day of days) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 1.08 : 1;
    raw.set(day, (GAMES_SHAPE[day] ?? 1) * weekend * noise(day));
  }
  const mean = (pred: (d: string) => boolean) => {
    const xs = days.filter(pred).map((d) => raw.get(d)!);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const isAugust = (d: string) => d.startsWith("2023-08");
  const isGames = (d: string) => d >= GAMES_OPENING && d <= GAMES_CLOSING;
  const augMean = mean(isAugust);
  const gamesScale = (GAMES_UPLIFT * augMean) / mean(isGames);
  const out = new Map<string, number>();
  for (const day of days) {
    let m = raw.get(day)! / augMean;
    if (isGames(day)) m = Math.min((raw.get(day)! * gamesScale) / augMean, PEAK_DAY_MAX);
    else if (!isAugust(day)) m = (raw.get(day)! * gamesScale) / augMean;
    out.set(day, m);
  }
  return out;
}

/** Share of a day's volume per local hour: night-time lows, lunch and dinner peaks. */
export const HOUR_PROFILE = [
  0.25, 0.15, 0.08, 0.05, 0.05, 0.08, 0.25, 0.55, 0.85, 0.95, 1.1, 1.35,
  1.5, 1.3, 1.1, 1.05, 1.1, 1.3, 1.55, 1.6, 1.45, 1.15, 0.8, 0.45,
];

/** Wallet-channel shares: before the 19 Sep launches only the three pilots exist. */
export const WALLET_WEIGHT: Record<string, number> = {
  ALIPAYHK: 30, KAKAOPAY: 15, TNG: 12, NAVERPAY: 8, TOSSPAY: 6, TRUEMONEY: 9,
  MPAY: 8, HIPAY: 3, CHANGIPAY: 5, OCBC: 4,
};

/** Share of foreign payments made with a foreign card bound to Alipay, by phase. */
export const CARD_SHARE = { baseline: 0.24, games: 0.18 };

export const CARD_COUNTRIES: readonly (readonly [{ country: string; currency: string }, number])[] = [
  [{ country: "US", currency: "USD" }, 28],
  [{ country: "JP", currency: "JPY" }, 14],
  [{ country: "GB", currency: "GBP" }, 8],
  [{ country: "DE", currency: "EUR" }, 10],
  [{ country: "FR", currency: "EUR" }, 8],
  [{ country: "AU", currency: "AUD" }, 8],
  [{ country: "KR", currency: "KRW" }, 10],
  [{ country: "SG", currency: "SGD" }, 6],
  [{ country: "TH", currency: "THB" }, 4],
  [{ country: "MY", currency: "MYR" }, 4],
];

/** Wallet FX markup over the reference mid rate (assumed 0.3-1.5%, not published). */
export const WALLET_MARKUP: Record<string, number> = {
  ALIPAYHK: 0.0035, TNG: 0.009, KAKAOPAY: 0.006, NAVERPAY: 0.008, TOSSPAY: 0.007,
  TRUEMONEY: 0.012, MPAY: 0.0045, HIPAY: 0.015, CHANGIPAY: 0.0055, OCBC: 0.005,
};
export const CARD_MARKUP = 0.0125;

/** Reference mid rates, CNY per unit, around September 2023 (approximate). */
export const BASE_MID_RATE: Record<string, number> = {
  HKD: 0.932, MYR: 1.556, KRW: 0.00545, THB: 0.2015, MOP: 0.9052, MNT: 0.00211,
  SGD: 5.34, USD: 7.298, EUR: 7.76, JPY: 0.0491, GBP: 8.92, AUD: 4.68,
};

export type Category =
  | "DINING" | "RETAIL" | "CONVENIENCE" | "HOTEL" | "TRANSPORT" | "ATTRACTION" | "SOUVENIR" | "ENTERTAINMENT";

/** Ticket size per merchant category in CNY: log-normal median and spread, clamped. */
export const CATEGORY_AMOUNT: Record<Category, { median: number; sigma: number; min: number; max: number; weight: number }> = {
  DINING: { median: 85, sigma: 0.7, min: 8, max: 2500, weight: 30 },
  RETAIL: { median: 260, sigma: 0.9, min: 15, max: 12000, weight: 18 },
  CONVENIENCE: { median: 26, sigma: 0.6, min: 2, max: 300, weight: 15 },
  HOTEL: { median: 780, sigma: 0.5, min: 180, max: 6000, weight: 7 },
  TRANSPORT: { median: 32, sigma: 0.8, min: 2, max: 600, weight: 8 },
  ATTRACTION: { median: 120, sigma: 0.5, min: 20, max: 900, weight: 7 },
  SOUVENIR: { median: 150, sigma: 0.8, min: 10, max: 4000, weight: 9 },
  ENTERTAINMENT: { median: 210, sigma: 0.6, min: 30, max: 3000, weight: 6 },
};

/** Where foreign visitors spent most (China News Service, 7 Oct 2023). */
export const HOTSPOTS = [
  { name: "West Lake", district: "xihu", lat: 30.2467, lon: 120.1485, share: 0.16 },
  { name: "Wulin", district: "gongshu", lat: 30.2745, lon: 120.1655, share: 0.1 },
  { name: "Hefang Street", district: "shangcheng", lat: 30.2435, lon: 120.1705, share: 0.1 },
] as const;

export const DISTRICT_MERCHANT_SHARE: Record<string, number> = {
  xihu: 18, shangcheng: 17, gongshu: 14, binjiang: 10, xiaoshan: 9, yuhang: 8, qiantang: 5,
  linping: 4, fuyang: 5, linan: 4, tonglu: 2.5, chunan: 2.5, jiande: 2,
};

/** Baseline failure mix as a share of all payments; the rest succeed. */
export const FAILURE_MIX: readonly (readonly [string, number])[] = [
  ["BALANCE_INSUFFICIENT", 0.008],
  ["USER_CANCELLED", 0.006],
  ["PIN_VERIFY_LIMIT", 0.0015],
  ["ORDER_IS_CLOSED", 0.001],
  ["ISSUER_PAYMENT_REJECTED", 0.003],
  ["CURRENCY_INVALID", 0.0002],
  ["REQUEST_TIMEOUT", 0.003],
  ["SYSTEM_ERROR", 0.0015],
  ["RISK_REJECT", 0.0035],
  ["AMOUNT_LIMIT", 0.0015],
];

export interface Incident {
  id: string;
  kind: "wallet-outage" | "timeout-spike" | "fx-quote";
  wallet?: string;
  /** Asia/Shanghai local times */
  start: string;
  end: string;
  description: string;
}

/** Clustered failures the ops views must surface. */
export const INCIDENTS: Incident[] = [
  { id: "tng-outage-aug", kind: "wallet-outage", wallet: "TNG", start: "2023-08-17T14:00", end: "2023-08-17T14:25", description: "Touch 'n Go partner gateway down for 25 minutes" },
  { id: "kakao-outage", kind: "wallet-outage", wallet: "KAKAOPAY", start: "2023-09-30T19:20", end: "2023-09-30T20:00", description: "Kakao Pay outage for 40 minutes on Golden Week's first evening" },
  { id: "fx-quote-truemoney", kind: "fx-quote", wallet: "TRUEMONEY", start: "2023-10-02T10:00", end: "2023-10-02T11:30", description: "TrueMoney FX quote problem: spread spikes to about 3.2%" },
  { id: "timeout-spike", kind: "timeout-spike", start: "2023-10-03T12:05", end: "2023-10-03T12:35", description: "Cross-border network timeout spike across all wallets" },
];

export function localMs(local: string): number {
  return Date.parse(`${local}:00+08:00`);
}

/** Extra FX markup during an FX-quote incident for that wallet, else 0. */
export function activeFxSpike(at: number, wallet: string): number {
  for (const i of INCIDENTS) {
    if (i.kind === "fx-quote" && i.wallet === wallet && at >= localMs(i.start) && at < localMs(i.end)) return 0.032 - (WALLET_MARKUP[wallet] ?? 0);
  }
  return 0;
}
