import { SignInForm } from "@/components/sign-in-form";
import { LanguageSwitch } from "@/components/language-switch";
import { getEnv } from "@/lib/env";
import { currentLocale } from "@/lib/i18n/locale";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { locale, t } = await currentLocale();
  const env = getEnv();
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const error = one(params.error);
  return (
    <main className="sign-in" lang={locale === "zh" ? "zh-CN" : "en"}>
      <div className="panel sign-in-panel">
        <div className="header">
          <h1>{t.appName}</h1>
          <LanguageSwitch locale={locale} label={t.language} />
        </div>
        <p className="muted">{t.signInLead}</p>
        <h2>{t.signInTitle}</h2>
        <SignInForm
          t={t}
          callbackUrl={one(params.callbackUrl) ?? "/"}
          // next-auth reports a rejected single sign-on as AccessDenied
          initialError={error === "CredentialsSignin" ? "invalid" : error === "AccessDenied" ? "unknown_user" : error}
          sso={env.OIDC_ISSUER ? env.OIDC_NAME : null}
        />
      </div>
    </main>
  );
}
