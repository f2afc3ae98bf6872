import "server-only";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, isLocale, messages, type Locale, type Messages } from "./messages";

/** The reader's language: their remembered choice, else what their browser prefers. */
export async function currentLocale(): Promise<{ locale: Locale; t: Messages }> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: Locale = isLocale(chosen) ? chosen : /^zh\b/i.test((await headers()).get("accept-language") ?? "") ? "zh" : "en";
  return { locale, t: messages[locale] };
}
