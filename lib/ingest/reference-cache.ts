import "server-only";
import type { Db } from "../db/client";
import { SHANGHAI_OFFSET_MS } from "../local-time";

export interface CurrencyBounds {
  minorUnits: number;
  /** plausible CNY per unit, as stored (decimal strings, for messages) and as numbers */
  rateMin: string;
  rateMax: string;
  maxAmount: string;
}

// Prisma's Decimal prints small values in exponent notation unless asked for fixed
const plain = (v: string | { toFixed(): string }) => (typeof v === "string" ? v : v.toFixed());

/** A reference row's bounds in the shape validation reads. */
export const currencyBounds = (c: { minorUnits: number; rateMin: string | { toFixed(): string }; rateMax: string | { toFixed(): string }; maxAmount: string | { toFixed(): string } }): CurrencyBounds => ({
  minorUnits: c.minorUnits,
  rateMin: plain(c.rateMin),
  rateMax: plain(c.rateMax),
  maxAmount: plain(c.maxAmount),
});

export interface IngestReference {
  wallets: Map<string, { currencyCode: string; homeCountry: string; liveSinceMs: number }>;
  currencies: Map<string, CurrencyBounds>;
  districts: Map<string, { current: boolean; mergedIntoCode: string | null }>;
}

const TTL_MS = 60_000;
const cache = new WeakMap<Db, { at: number; ref: IngestReference }>();

/** Wallets, currencies and districts change rarely; merchants are looked up per batch. */
export async function ingestReference(db: Db): Promise<IngestReference> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.ref;
  const [wallets, currencies, districts] = await Promise.all([
    db.wallet.findMany(),
    db.currency.findMany(),
    db.district.findMany(),
  ]);
  const ref: IngestReference = {
    wallets: new Map(
      wallets.map((w) => [
        w.code,
        {
          currencyCode: w.currencyCode,
          homeCountry: w.homeCountry,
          // live from local (Asia/Shanghai) midnight of that date
          liveSinceMs: w.liveSince.getTime() - SHANGHAI_OFFSET_MS,
        },
      ]),
    ),
    currencies: new Map(currencies.map((c) => [c.code, currencyBounds(c)])),
    districts: new Map(districts.map((d) => [d.code, { current: d.current, mergedIntoCode: d.mergedIntoCode }])),
  };
  cache.set(db, { at: Date.now(), ref });
  return ref;
}
