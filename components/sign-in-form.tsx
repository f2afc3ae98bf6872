"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import type { Messages } from "@/lib/i18n/messages";

type ErrorCode = keyof Messages["errors"];

/** Only paths on this site, so a crafted link cannot send people elsewhere after sign-in. */
const safeCallback = (url: string) => (url.startsWith("/") && !url.startsWith("//") ? url : "/");

export function SignInForm({ t, callbackUrl, initialError, sso }: { t: Messages; callbackUrl: string; initialError: string | null; sso: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const message = (code: string) => t.errors[(code in t.errors ? code : "generic") as ErrorCode];
  return (
    <form
      className="sign-in-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
        setBusy(false);
        if (res?.ok && !res.error) window.location.assign(safeCallback(callbackUrl));
        else setError(res?.error ?? "generic");
      }}
    >
      <label>
        {t.email}
        <input name="email" type="email" autoComplete="username" required maxLength={254} />
      </label>
      <label>
        {t.password}
        <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
      </label>
      {error ? (
        <p role="alert" className="form-error" data-testid="sign-in-error">
          {message(error)}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {busy ? t.signingIn : t.signIn}
      </button>
      {sso ? (
        <>
          <p className="muted">{t.orSso}</p>
          <button type="button" onClick={() => signIn("oidc", { callbackUrl: safeCallback(callbackUrl) })}>
            {sso}
          </button>
        </>
      ) : null}
    </form>
  );
}
