"use client";

import { useRouter } from "next/navigation";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/messages";

/** Remembers the other language for a year and re-renders the page in it. */
export function LanguageSwitch({ locale, label }: { locale: Locale; label: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="link-button"
      data-testid="language-switch"
      onClick={() => {
        document.cookie = `${LOCALE_COOKIE}=${locale === "en" ? "zh" : "en"}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {label}
    </button>
  );
}
