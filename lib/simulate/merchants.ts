import type { MerchantInput } from "../ingest/schema";
import { referenceData } from "../reference/data";
import { CATEGORY_AMOUNT, DISTRICT_MERCHANT_SHARE, HOTSPOTS, type Category } from "./profile";
import { Rng, subSeed } from "./random";

export interface SimMerchant extends MerchantInput {
  category: Category;
  /** relative popularity with foreign visitors */
  weight: number;
  hotspot: boolean;
  onboardedMs: number;
}

const HOTSPOT_CATEGORIES: readonly (readonly [Category, number])[] = [
  ["DINING", 34], ["SOUVENIR", 18], ["ATTRACTION", 12], ["RETAIL", 14], ["CONVENIENCE", 10], ["ENTERTAINMENT", 7], ["HOTEL", 5],
];
const CATEGORIES = Object.entries(CATEGORY_AMOUNT).map(([c, a]) => [c as Category, a.weight] as const);
const NAMES: Record<Category, string[]> = {
  DINING: ["Noodle House", "Tea Restaurant", "Dumpling Bar", "Hotpot", "Bistro", "Dim Sum"],
  RETAIL: ["Silk Store", "Outlet", "Fashion", "Electronics", "Department Store"],
  CONVENIENCE: ["Mart", "24h Store", "Kiosk"],
  HOTEL: ["Hotel", "Inn", "Guesthouse"],
  TRANSPORT: ["Taxi", "Bike Share", "Metro Kiosk", "Boat Tours"],
  ATTRACTION: ["Pagoda Tickets", "Museum", "Garden", "Lake Cruise"],
  SOUVENIR: ["Tea Shop", "Souvenirs", "Fan Shop", "Crafts"],
  ENTERTAINMENT: ["KTV", "Theatre", "Arcade", "Spa"],
};

/** Merchants scale with the simulation size so each sees a plausible number of payments. */
export function merchantCountFor(transactions: number): number {
  return Math.max(200, Math.min(60_000, Math.round(transactions / 40)));
}

function onboardingDate(rng: Rng): string {
  // Most merchants took Alipay long before; a Games push added many in Aug-Sep 2023.
  const r = rng.next();
  const [from, to] =
    r < 0.55 ? ["2021-06-01", "2023-07-31"] : r < 0.75 ? ["2023-08-01", "2023-08-31"] : ["2023-09-01", "2023-10-05"];
  return dayBetween(rng, from, to);
}

/** A day drawn evenly from `from` to `to`, both included. */
function dayBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.next() * ((b - a) / 86400_000 + 1)) * 86400_000).toISOString().slice(0, 10);
}

/** Share of merchants placed around the Games venues (shops, food and hotels by the stadiums). */
const VENUE_SHARE = 0.06;
/** Every venue with events gets at least this many, however small the simulation. */
const VENUE_MINIMUM = 4;

/** Days of events (match days, ceremonies) per venue: the weight of its share of venue merchants. */
export function venueEventDays(): Map<string, number> {
  const days = new Map<string, number>();
  for (const e of referenceData().calendar) {
    if (!e.venueCode) continue;
    const n = (Date.parse(`${e.endsOn}T00:00:00Z`) - Date.parse(`${e.startsOn}T00:00:00Z`)) / 86400_000 + 1;
    days.set(e.venueCode, (days.get(e.venueCode) ?? 0) + n);
  }
  return days;
}

/**
 * Moves some merchants next to the venues, in proportion to each venue's event days and at least
 * VENUE_MINIMUM per venue, so every venue (Chun'an's and Lin'an's too, far from the city's
 * hotspots) has merchants whose match-day effect the dashboard can show. A stream of its own, so
 * the other merchants stay as the seed made them.
 */
function placeAroundVenues(seed: number, merchants: SimMerchant[]): void {
  const rng = new Rng(subSeed(seed, 103));
  const ref = referenceData();
  const eventDays = venueEventDays();
  const total = [...eventDays.values()].reduce((a, b) => a + b, 0);
  // not the hotspot merchants: the West Lake, Wulin and Hefang crowds stay where they are
  const free = merchants.map((_, i) => i).filter((i) => !merchants[i]!.hotspot);
  for (const venue of ref.venues) {
    const days = eventDays.get(venue.code) ?? 0;
    if (!days) continue;
    const quota = Math.max(VENUE_MINIMUM, Math.round((merchants.length * VENUE_SHARE * days) / total));
    for (let k = 0; k < quota && free.length; k++) {
      const i = free.splice(rng.int(0, free.length - 1), 1)[0]!;
      const m = merchants[i]!;
      const category = rng.weighted(HOTSPOT_CATEGORIES);
      // within about a kilometre (one standard deviation some 450 m)
      m.lat = Math.round((venue.lat + rng.normal() * 0.004) * 1e6) / 1e6;
      m.lon = Math.round((venue.lon + rng.normal() * 0.0045) * 1e6) / 1e6;
      m.districtCode = venue.districtCode;
      m.category = category;
      m.name = `${rng.pick(NAMES[category])} ${m.id.slice(-4)}`;
      // they serve the visitors: as busy as a typical tourist-facing shop, and taking Alipay before the Games
      m.weight = rng.logNormal(1, 0.8) * 1.5;
      m.onboardedOn = dayBetween(rng, "2021-06-01", "2023-08-31");
      m.onboardedMs = Date.parse(`${m.onboardedOn}T00:00:00+08:00`);
    }
  }
}

export function generateMerchants(seed: number, count: number): SimMerchant[] {
  const rng = new Rng(subSeed(seed, 101));
  const districts = referenceData().districts.filter((d) => d.current);
  const districtPick = districts.map((d) => [d, DISTRICT_MERCHANT_SHARE[d.code] ?? 1] as const);
  const hotspotShare = HOTSPOTS.reduce((a, h) => a + h.share, 0);
  const out: SimMerchant[] = [];
  for (let i = 0; i < count; i++) {
    const hotspot = rng.chance(hotspotShare);
    let lat: number;
    let lon: number;
    let districtCode: string;
    let category: Category;
    if (hotspot) {
      const h = rng.weighted(HOTSPOTS.map((x) => [x, x.share] as const));
      lat = h.lat + rng.normal() * 0.004;
      lon = h.lon + rng.normal() * 0.004;
      districtCode = h.district;
      category = rng.weighted(HOTSPOT_CATEGORIES);
    } else {
      const d = rng.weighted(districtPick);
      const spread = d.kind === "DISTRICT" ? 0.025 : 0.05;
      lat = d.lat + rng.normal() * spread;
      lon = d.lon + rng.normal() * spread;
      districtCode = d.code;
      category = rng.weighted(CATEGORIES);
    }
    const onboardedOn = onboardingDate(rng);
    const id = `M${String(i + 1).padStart(6, "0")}`;
    out.push({
      id,
      name: `${rng.pick(NAMES[category])} ${id.slice(-4)}`,
      districtCode,
      category,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      onboardedOn,
      // most Alipay merchants rarely see a foreign visitor; tourist-facing ones do
      weight: rng.logNormal(1, 1.1) * (hotspot ? 2.5 : 1) * (hotspot || rng.chance(0.3) ? 1 : 0.015),
      hotspot,
      onboardedMs: Date.parse(`${onboardedOn}T00:00:00+08:00`),
    });
  }
  placeAroundVenues(seed, out);
  return out;
}
