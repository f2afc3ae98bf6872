import Link from "next/link";
import { atLeast, type SessionUser } from "@/lib/auth/roles";
import type { Locale, Messages } from "@/lib/i18n/messages";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "./sign-out-button";

/** Only links the viewer's role may open; the pages check again themselves. */
export function AppNav({ user, t, locale }: { user: SessionUser; t: Messages; locale: Locale }) {
  return (
    <header className="topbar">
      <nav aria-label="Main" data-testid="main-nav">
        <strong>{t.appName}</strong>
        <Link href="/">{t.nav.overview}</Link>
        {atLeast(user.role, "ADMIN") ? <Link href="/admin">{t.nav.admin}</Link> : null}
      </nav>
      <div className="who">
        <span className="muted" data-testid="who">
          {user.name} · {t.roles[user.role]} · {user.districts.length ? user.districts.join(", ") : t.allDistricts}
        </span>
        <LanguageSwitch locale={locale} label={t.language} />
        <SignOutButton label={t.signOut} />
      </div>
    </header>
  );
}
