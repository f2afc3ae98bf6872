import { GeistSans } from "geist/font/sans";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppNav } from "@/components/app-nav";
import { Providers } from "@/components/providers";
import { currentUser } from "@/lib/auth/session";
import { currentLocale } from "@/lib/i18n/locale";
import "./globals.css";

export const metadata: Metadata = {
  title: "Hangzhou Pay Monitor",
  description: "Cross-border wallet payments in Hangzhou during the 19th Asian Games",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, { locale, t }] = await Promise.all([currentUser(), currentLocale()]);
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"} className={GeistSans.variable}>
      <body>
        <Providers locale={locale}>
          {user ? <AppNav user={user} t={t} locale={locale} /> : null}
          {children}
        </Providers>
      </body>
    </html>
  );
}
