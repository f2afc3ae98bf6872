"use client";

import { fill } from "@/lib/i18n/dashboard-messages";
import { useLocale } from "../providers";

/** The mark a hidden small-cell figure shows instead of its number. */
export function Suppressed({ below }: { below: string }) {
  const { t } = useLocale();
  return (
    <span className="suppressed" data-testid="suppressed" title={t.dash.suppressedTitle}>
      {fill(t.dash.suppressed, { n: below.replace(/[^0-9]/g, "") })}
    </span>
  );
}
