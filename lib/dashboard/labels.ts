import { referenceData } from "../reference/data";
import type { Locale } from "../i18n/messages";

// Names for the codes the API returns, in the reader's language.

const ref = referenceData();
const wallets = new Map(ref.wallets.map((w) => [w.code, w]));
const districts = new Map(ref.districts.map((d) => [d.code, d]));

/** Wallet codes in reference order; '' (foreign cards) last. */
export const WALLET_ORDER = ref.wallets.map((w) => w.code);

export function walletName(code: string | null, locale: Locale, cards: string): string {
  if (!code) return cards;
  if (code.startsWith("CARD:")) return `${cards} (${code.slice(5)})`;
  const w = wallets.get(code);
  return w ? (locale === "zh" ? w.nameZh : w.name) : code;
}

export function districtName(code: string, locale: Locale): string {
  const d = districts.get(code);
  return d ? (locale === "zh" ? d.nameZh : d.nameEn) : code;
}

export function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale === "zh" ? "zh-CN" : "en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Wallet code -> a stable colour index, so a wallet keeps its colour on every chart. */
export const walletIndex = (code: string) => (code === "" ? WALLET_ORDER.length : Math.max(0, WALLET_ORDER.indexOf(code)));
