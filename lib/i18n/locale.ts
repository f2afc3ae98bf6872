import "server-only";
import { cookies, headers } from "next/headers";
import { parseCookies } from "../http/cookies";
import { LOCALE_COOKIE, isLocale, messages, type Locale, type Messages } from "./messages";

function pick(chosen: string | undefined, acceptLanguage: string | null): { locale: Locale; t: Messages } {
  const locale: Locale = isLocale(chosen) ? chosen : /^zh\b/i.test(acceptLanguage ?? "") ? "zh" : "en";
  return { locale, t: messages[locale] };
}

/** The reader's language: their remembered choice, else what their browser prefers. */
export async function currentLocale(): Promise<{ locale: Locale; t: Messages }> {
  return pick((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
}

/** The same, read from a request (route handlers, which may also run outside Next in tests). */
export function requestLocale(request: Request): { locale: Locale; t: Messages } {
  return pick(parseCookies(request.headers.get("cookie"))[LOCALE_COOKIE], request.headers.get("accept-language"));
}
