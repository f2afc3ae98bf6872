import { z } from "zod";
import calendarJson from "../../data/reference/calendar.json" with { type: "json" };
import channelsJson from "../../data/reference/channels.json" with { type: "json" };
import currenciesJson from "../../data/reference/currencies.json" with { type: "json" };
import districtsJson from "../../data/reference/districts.json" with { type: "json" };
import resultCodesJson from "../../data/reference/result-codes.json" with { type: "json" };
import venuesJson from "../../data/reference/venues.json" with { type: "json" };
import walletsJson from "../../data/reference/wallets.json" with { type: "json" };

// Reference data ships as JSON in data/reference and is validated here, so a
// typo in a data file fails loudly at start rather than as a bad chart later.

const isoDate = z.iso.date();

export const currencySchema = z.object({
  code: z.string().regex(/^[A-Z]{3}$/),
  name: z.string(),
  minorUnits: z.number().int().min(0).max(4),
  rateMin: z.string().regex(/^\d{1,10}(\.\d{1,12})?$/),
  rateMax: z.string().regex(/^\d{1,10}(\.\d{1,12})?$/),
  maxAmount: z.string().regex(/^\d{1,14}(\.\d{1,4})?$/),
}).refine((c) => Number(c.rateMin) > 0 && Number(c.rateMin) <= Number(c.rateMax), "rateMin must be positive and at most rateMax");
export const channelSchema = z.object({
  code: z.enum(["WALLET", "CARD"]),
  nameEn: z.string(),
  nameZh: z.string(),
  description: z.string(),
});
export const walletSchema = z.object({
  code: z.string().regex(/^[A-Z0-9]+$/),
  name: z.string(),
  nameZh: z.string(),
  homeCountry: z.string().regex(/^[A-Z]{2}$/),
  homeRegion: z.string(),
  currencyCode: z.string(),
  liveSince: isoDate,
  pilot: z.boolean(),
});
export const districtSchema = z.object({
  code: z.string().regex(/^[a-z]+$/),
  nameEn: z.string(),
  nameZh: z.string(),
  kind: z.enum(["DISTRICT", "COUNTY", "CITY"]),
  current: z.boolean(),
  mergedIntoCode: z.string().optional(),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  lat: z.number(),
  lon: z.number(),
});
export const venueSchema = z.object({
  code: z.string().regex(/^[a-z-]+$/),
  nameEn: z.string(),
  nameZh: z.string(),
  districtCode: z.string(),
  sports: z.string(),
  lat: z.number(),
  lon: z.number(),
  coordsEstimated: z.boolean(),
});
export const calendarEventSchema = z.object({
  kind: z.enum(["CEREMONY", "HOLIDAY", "COMPETITION", "MATCH_DAYS"]),
  nameEn: z.string(),
  nameZh: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  venueCode: z.string().optional(),
  simulated: z.boolean(),
});
export const resultCodeSchema = z.object({
  code: z.string().regex(/^[A-Z0-9_]+$/),
  category: z.enum(["PAYER", "WALLET_PARTNER", "NETWORK_SYSTEM", "RISK_COMPLIANCE"]).nullable(),
  descriptionEn: z.string(),
  descriptionZh: z.string(),
  retryable: z.boolean(),
});

export type CurrencyRef = z.infer<typeof currencySchema>;
export type ChannelRef = z.infer<typeof channelSchema>;
export type WalletRef = z.infer<typeof walletSchema>;
export type DistrictRef = z.infer<typeof districtSchema>;
export type VenueRef = z.infer<typeof venueSchema>;
export type CalendarEventRef = z.infer<typeof calendarEventSchema>;
export type ResultCodeRef = z.infer<typeof resultCodeSchema>;

export interface ReferenceData {
  currencies: CurrencyRef[];
  channels: ChannelRef[];
  wallets: WalletRef[];
  districts: DistrictRef[];
  venues: VenueRef[];
  calendar: CalendarEventRef[];
  resultCodes: ResultCodeRef[];
}

function checkLinks(ref: ReferenceData): void {
  const has = (list: { code: string }[], code: string) => list.some((x) => x.code === code);
  for (const w of ref.wallets) {
    if (!has(ref.currencies, w.currencyCode)) throw new Error(`wallets.json: ${w.code} has unknown currency ${w.currencyCode}`);
  }
  for (const d of ref.districts) {
    if (d.mergedIntoCode && !has(ref.districts, d.mergedIntoCode)) {
      throw new Error(`districts.json: ${d.code} merges into unknown district ${d.mergedIntoCode}`);
    }
  }
  for (const v of ref.venues) {
    if (!has(ref.districts, v.districtCode)) throw new Error(`venues.json: ${v.code} has unknown district ${v.districtCode}`);
  }
  for (const e of ref.calendar) {
    if (e.venueCode && !has(ref.venues, e.venueCode)) throw new Error(`calendar.json: ${e.nameEn} has unknown venue ${e.venueCode}`);
  }
}

let cached: ReferenceData | undefined;

export function referenceData(): ReferenceData {
  if (cached) return cached;
  const ref: ReferenceData = {
    currencies: z.array(currencySchema).parse(currenciesJson),
    channels: z.array(channelSchema).parse(channelsJson),
    wallets: z.array(walletSchema).parse(walletsJson),
    districts: z.array(districtSchema).parse(districtsJson),
    venues: z.array(venueSchema).parse(venuesJson),
    calendar: z.array(calendarEventSchema).parse(calendarJson),
    resultCodes: z.array(resultCodeSchema).parse(resultCodesJson),
  };
  checkLinks(ref);
  cached = ref;
  return ref;
}
