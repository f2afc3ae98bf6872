import type { FxRateInput } from "../ingest/schema";
import { distanceMetres } from "../geo";
import { localMidnight } from "../local-time";
import { referenceData } from "../reference/data";
import { FxModel } from "./fx";
import { generateMerchants, merchantCountFor, type SimMerchant } from "./merchants";
import { PayerPools } from "./payers";
import {
  BASE_MID_RATE, CARD_COUNTRIES, CARD_MARKUP, CARD_SHARE, CATEGORY_AMOUNT, GAMES_OPENING, HOUR_PROFILE,
  WALLET_MARKUP, WALLET_WEIGHT, activeFxSpike, dailyMultipliers, simulatedDays,
} from "./profile";
import { Rng, pickCumulative, subSeed } from "./random";
import { planStatus } from "./status";

export interface SimTransaction {
  externalId: string;
  channel: "WALLET" | "CARD";
  wallet?: string;
  payerCountry?: string;
  merchantId: string;
  currency: string;
  amount: string;
  amountCny: string;
  status: "PENDING" | "SUCCESS" | "FAILED" | "UNKNOWN" | "REFUNDED";
  resultCode: string;
  latencyMs?: number;
  payerId: string;
  createdAt: string;
  updatedAt: string;
}

export type SimBatch =
  | { kind: "fx"; day: string; rows: FxRateInput[] }
  | { kind: "transactions"; day: string; rows: SimTransaction[]; newTransactions: number };

export interface SimulationOptions {
  seed: number;
  transactions: number;
  batchSize?: number;
  /** restrict to some of the simulated days (tests); volumes keep their full-run shares */
  days?: string[];
}

export interface SimulationPlan {
  seed: number;
  merchants: SimMerchant[];
  dayCounts: Map<string, number>;
  total: number;
  batchSize: number;
}

/** Splits the total over the days by their multipliers, exactly (largest remainder). */
function allocate(total: number, weights: Map<string, number>): Map<string, number> {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const exact = [...weights].map(([d, w]) => [d, (total * w) / sum] as const);
  const counts = new Map(exact.map(([d, x]) => [d, Math.floor(x)]));
  let left = total - [...counts.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...exact].sort((a, b) => (b[1] % 1) - (a[1] % 1));
  for (const [d] of byRemainder) {
    if (left-- <= 0) break;
    counts.set(d, counts.get(d)! + 1);
  }
  return counts;
}

export function planSimulation(opts: SimulationOptions): SimulationPlan {
  const all = simulatedDays();
  const noise = (day: string) => 1 + (new Rng(subSeed(opts.seed, 3, Date.parse(day) / 86400_000)).next() - 0.5) * 0.1;
  const counts = allocate(opts.transactions, dailyMultipliers(all, noise));
  const keep = new Set(opts.days ?? all);
  const dayCounts = new Map([...counts].filter(([d]) => keep.has(d)));
  return {
    seed: opts.seed,
    merchants: generateMerchants(opts.seed, merchantCountFor(opts.transactions)),
    dayCounts,
    total: [...dayCounts.values()].reduce((a, b) => a + b, 0),
    batchSize: Math.min(opts.batchSize ?? 5_000, 5_000),
  };
}

function formatAmount(x: number, decimals: number): string {
  return x.toFixed(decimals);
}

function venueBoosts(merchants: SimMerchant[], day: string): Float64Array {
  const ref = referenceData();
  const active = ref.calendar.filter((e) => e.venueCode && e.startsOn <= day && e.endsOn >= day);
  const venues = active.map((e) => ({ venue: ref.venues.find((v) => v.code === e.venueCode)!, ceremony: e.kind === "CEREMONY" }));
  const games = day >= GAMES_OPENING;
  const boosts = new Float64Array(merchants.length);
  merchants.forEach((m, i) => {
    let b = m.hotspot && games ? 1.5 : 1;
    for (const { venue, ceremony } of venues) {
      const d = distanceMetres(m.lat, m.lon, venue.lat, venue.lon);
      if (d < 2500) b *= ceremony ? 3 : 1.8;
    }
    boosts[i] = b;
  });
  return boosts;
}

/**
 * Yields the whole simulated Games as ingestion batches, day by day: the day's
 * reference FX rates, its payments in time order, then the later status
 * updates (pending resolved, refunds). Same seed, same batches.
 */
export function* simulationBatches(plan: SimulationPlan): Generator<SimBatch> {
  const ref = referenceData();
  const fx = new FxModel(plan.seed);
  const payers = new PayerPools();
  const currencies = Object.keys(BASE_MID_RATE);
  const walletInfo = new Map(ref.wallets.map((w) => [w.code, w]));

  for (const [day, count] of plan.dayCounts) {
    const rng = new Rng(subSeed(plan.seed, 11, Date.parse(day) / 86400_000));
    const start = localMidnight(day);
    const dayNo = Math.round(start / 86400_000);

    const fxRows: FxRateInput[] = [];
    for (const c of currencies) {
      for (let m = 0; m < 1440; m++) {
        const minute = start + m * 60_000;
        fxRows.push({ currency: c, minute: new Date(minute).toISOString(), midRate: fx.midRate(c, minute, day) });
      }
    }
    yield { kind: "fx", day, rows: fxRows };

    const live = ref.wallets.filter((w) => Date.parse(`${w.liveSince}T00:00:00+08:00`) < start + 86400_000);
    const walletPick = live.map((w) => {
      const days = (start - Date.parse(`${w.liveSince}T00:00:00+08:00`)) / 86400_000;
      return [w.code, (WALLET_WEIGHT[w.code] ?? 1) * Math.min(1, 0.35 + days / 6)] as const;
    });
    const cardShare = day >= "2023-09-19" ? CARD_SHARE.games : CARD_SHARE.baseline;
    const ceremony = ref.calendar.some((e) => e.kind === "CEREMONY" && e.startsOn === day);
    const hourPick = HOUR_PROFILE.map((w, h) => [h, ceremony && h >= 19 && h <= 22 ? w * 1.6 : w] as const);

    const eligible = plan.merchants.filter((m) => m.onboardedMs < start + 86400_000);
    const boosts = venueBoosts(eligible, day);
    const cumulative = new Float64Array(eligible.length);
    let acc = 0;
    eligible.forEach((m, i) => (cumulative[i] = acc += m.weight * boosts[i]!));

    // who pays: channel and wallet first, so payer pools know their daily size
    const scopes: { channel: "WALLET" | "CARD"; wallet?: string; country?: string; currency: string; scope: string }[] = [];
    for (let i = 0; i < count; i++) {
      if (rng.chance(cardShare)) {
        const c = rng.weighted(CARD_COUNTRIES);
        scopes.push({ channel: "CARD", country: c.country, currency: c.currency, scope: `card:${c.country}` });
      } else {
        const w = rng.weighted(walletPick);
        scopes.push({ channel: "WALLET", wallet: w, currency: walletInfo.get(w)!.currencyCode, scope: w });
      }
    }
    const perScope = new Map<string, number>();
    for (const s of scopes) perScope.set(s.scope, (perScope.get(s.scope) ?? 0) + 1);
    const payerLists = new Map([...perScope].map(([s, n]) => [s, payers.payersForDay(s, dayNo, n, rng)]));

    const txs: (SimTransaction & { at: number; final?: SimTransaction })[] = [];
    for (const s of scopes) {
      const at = start + rng.weighted(hourPick) * 3600_000 + Math.floor(rng.next() * 3600_000);
      const merchant = eligible[pickCumulative(cumulative, eligible.length, rng.next())]!;
      const a = CATEGORY_AMOUNT[merchant.category];
      const cny = Math.min(a.max, Math.max(a.min, rng.logNormal(a.median, a.sigma)));
      const amountCny = rng.chance(0.6) ? Math.round(cny) : Math.round(cny * 100) / 100;
      const minute = at - (at % 60_000);
      const mid = Number(fx.midRate(s.currency, minute, day));
      const spike = s.wallet ? activeFxSpike(at, s.wallet) : 0;
      const markup = (s.wallet ? WALLET_MARKUP[s.wallet]! : CARD_MARKUP) + spike + (rng.next() - 0.5) * 0.0006;
      const minor = ref.currencies.find((c) => c.code === s.currency)!.minorUnits;
      const scale = 10 ** minor;
      const amount = Math.ceil((amountCny / (mid * (1 - markup))) * scale - 1e-9) / scale;
      const liveDays = s.wallet ? (start - Date.parse(`${walletInfo.get(s.wallet)!.liveSince}T00:00:00+08:00`)) / 86400_000 : 99;
      const plan_ = planStatus(rng, at, s.wallet ?? null, liveDays);
      const list = payerLists.get(s.scope)!;
      const base: SimTransaction = {
        externalId: "",
        channel: s.channel,
        ...(s.wallet ? { wallet: s.wallet } : { payerCountry: s.country }),
        merchantId: merchant.id,
        currency: s.currency,
        amount: formatAmount(amount, minor),
        amountCny: formatAmount(amountCny, 2),
        status: plan_.final,
        resultCode: plan_.resultCode,
        latencyMs: plan_.latencyMs,
        payerId: list[Math.floor(rng.next() * list.length)]!,
        createdAt: new Date(at).toISOString(),
        updatedAt: new Date(at + plan_.latencyMs).toISOString(),
      };
      if (plan_.pendingFirst) {
        const final = { ...base, updatedAt: new Date(at + plan_.latencyMs + plan_.resolveAfterMs).toISOString() };
        const first: SimTransaction = { ...base, status: "PENDING", resultCode: "PAYMENT_IN_PROCESS", updatedAt: base.createdAt };
        delete first.latencyMs;
        txs.push({ ...first, at, final });
      } else if (plan_.final === "SUCCESS" && rng.chance(0.004)) {
        const refundAt = at + rng.int(3600_000, 36 * 3600_000);
        txs.push({ ...base, at, final: { ...base, status: "REFUNDED", resultCode: "REFUND_SUCCESS", updatedAt: new Date(refundAt).toISOString() } });
      } else {
        txs.push({ ...base, at });
      }
    }
    txs.sort((x, y) => x.at - y.at);
    const ymd = day.replaceAll("-", "");
    txs.forEach((t, i) => {
      t.externalId = `SIM${plan.seed}-${ymd}-${String(i + 1).padStart(7, "0")}`;
      if (t.final) t.final.externalId = t.externalId;
    });

    const strip = ({ at: _at, final: _final, ...row }: (typeof txs)[number]): SimTransaction => row;
    for (let i = 0; i < txs.length; i += plan.batchSize) {
      const rows = txs.slice(i, i + plan.batchSize).map(strip);
      yield { kind: "transactions", day, rows, newTransactions: rows.length };
    }
    const updates = txs.filter((t) => t.final).map((t) => t.final!);
    for (let i = 0; i < updates.length; i += plan.batchSize) {
      yield { kind: "transactions", day, rows: updates.slice(i, i + plan.batchSize), newTransactions: 0 };
    }
  }
}

/** The state each simulated transaction ends in once every batch is applied. */
export function finalStates(plan: SimulationPlan): Map<string, SimTransaction> {
  const out = new Map<string, SimTransaction>();
  for (const b of simulationBatches(plan)) {
    if (b.kind === "transactions") for (const r of b.rows) out.set(r.externalId, r);
  }
  return out;
}
