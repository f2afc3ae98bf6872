import { currencyBounds, type IngestReference } from "@/lib/ingest/reference-cache";
import type { TransactionInput } from "@/lib/ingest/schema";
import { referenceData } from "@/lib/reference/data";
import { BASE_MID_RATE } from "@/lib/simulate/profile";

/** The ingestion reference built straight from the shipped data files. */
export function referenceFromFiles(): IngestReference {
  const ref = referenceData();
  return {
    wallets: new Map(
      ref.wallets.map((w) => [
        w.code,
        { currencyCode: w.currencyCode, homeCountry: w.homeCountry, liveSinceMs: Date.parse(`${w.liveSince}T00:00:00+08:00`) },
      ]),
    ),
    currencies: new Map(ref.currencies.map((c) => [c.code, currencyBounds(c)])),
    districts: new Map(ref.districts.map((d) => [d.code, { current: d.current, mergedIntoCode: d.mergedIntoCode ?? null }])),
  };
}

export function walletRow(overrides: Partial<TransactionInput> = {}): TransactionInput {
  return {
    externalId: "T-0001",
    channel: "WALLET",
    wallet: "KAKAOPAY",
    merchantId: "M-TEST-1",
    currency: "KRW",
    amount: "18500",
    amountCny: "100.00",
    status: "SUCCESS",
    resultCode: "SUCCESS",
    latencyMs: 850,
    payerId: "payer-1",
    createdAt: "2023-09-30T10:00:00+08:00",
    ...overrides,
  };
}

export const TEST_MERCHANTS = [
  { id: "M-TEST-1", name: "West Lake Tea", districtCode: "xihu", category: "DINING" as const, lat: 30.2467, lon: 120.1485, onboardedOn: "2023-01-10" },
  { id: "M-TEST-2", name: "Hefang Souvenirs", districtCode: "shangcheng", category: "SOUVENIR" as const, lat: 30.2435, lon: 120.1705, onboardedOn: "2023-08-15" },
  { id: "M-TEST-3", name: "Wulin Mart", districtCode: "gongshu", category: "CONVENIENCE" as const, lat: 30.2745, lon: 120.1655, onboardedOn: "2023-09-01" },
];

/**
 * An amount in `currency` that pays `amountCny` at the simulator's reference
 * rate plus a markup: plausible, so ingestion's rate checks accept it.
 */
export function amountFor(currency: string, amountCny: string | number, markupBps = 50): string {
  const units = referenceData().currencies.find((c) => c.code === currency)!.minorUnits;
  const amount = Number(amountCny) / (BASE_MID_RATE[currency]! * (1 - markupBps / 10_000));
  return Math.max(amount, 10 ** -units).toFixed(units);
}
