"use client";

import { ApiError } from "./hooks/fetch-json";
import { useLocale } from "./providers";

/**
 * What went wrong with a request, for people. The server explains in English
 * (its messages are also the API's contract with integrators); on an English
 * page that explanation is shown as it is, on a Chinese one a sentence from the
 * dictionary for the error's code comes first and the server's words follow as
 * the detail.
 */
export function ApiErrorText({ error }: { error: Error }) {
  const { locale, t } = useLocale();
  if (locale === "en") return <>{error.message}</>;
  const code = error instanceof ApiError ? error.code : "generic";
  return (
    <>
      {t.apiErrors[code as keyof typeof t.apiErrors] ?? t.apiErrors.generic} <span translate="no" className="error-detail">{error.message}</span>
    </>
  );
}
