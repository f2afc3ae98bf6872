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
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.next() * ((b - a) / 86400_000 + 1)) * 86400_000).toISOString().slice(0, 10);
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
  return out;
}
