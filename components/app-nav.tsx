import { atLeast, type Role, type SessionUser } from "@/lib/auth/roles";
import { districtName } from "@/lib/dashboard/labels";
import type { Locale, Messages } from "@/lib/i18n/messages";
import { LanguageSwitch } from "./language-switch";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

const LINKS: { href: string; key: keyof Messages["nav"]; role: Role }[] = [
  { href: "/", key: "overview", role: "OFFICIAL" },
  { href: "/districts", key: "districts", role: "OFFICIAL" },
  { href: "/fx", key: "fx", role: "OFFICIAL" },
  { href: "/operations", key: "operations", role: "OPS" },
  { href: "/transactions", key: "transactions", role: "OPS" },
  { href: "/alerts", key: "alerts", role: "OPS" },
  { href: "/admin", key: "admin", role: "ADMIN" },
  { href: "/api-docs", key: "apiDocs", role: "OPS" },
];

/** Only links the viewer's role may open; the pages check again themselves. */
export function AppNav({ user, t, locale }: { user: SessionUser; t: Messages; locale: Locale }) {
  const links = LINKS.filter((l) => atLeast(user.role, l.role)).map((l) => ({ href: l.href, label: t.nav[l.key] }));
  return (
    <header className="topbar">
      <nav aria-label={t.mainNav} data-testid="main-nav">
        <strong>{t.appName}</strong>
        <NavLinks links={links} />
      </nav>
      <div className="who">
        <span className="muted" data-testid="who">
          <span translate="no">{user.name}</span> · {t.roles[user.role]} · {user.districts.length ? user.districts.map((d) => districtName(d, locale)).join(", ") : t.allDistricts}
        </span>
        <LanguageSwitch locale={locale} label={t.language} />
        <SignOutButton label={t.signOut} />
      </div>
    </header>
  );
}
