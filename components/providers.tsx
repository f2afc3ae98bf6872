"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import { z } from "zod";
import { messages, type Locale } from "@/lib/i18n/messages";

// zod 4 probes whether it may compile parsers with Function(""); under our CSP
// (no 'unsafe-eval') the browser reports that probe as a violation even though
// zod catches it. In the browser the schemas parse small inputs (the URL filter),
// so zod runs without compiling there; the server keeps the faster compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

const LocaleContext = createContext<Locale>("en");

/** The reader's language (chosen on the server from the cookie) and the query cache, for every client component. */
export function Providers({ locale, children }: { locale: Locale; children: ReactNode }) {
  // one cache per browser tab; useState keeps it across re-renders but not across requests on the server
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // metrics fail for reasons a retry will not fix (a bad filter, a role); the network is retried once
            retry: (count, error) => count < 1 && !(error instanceof Error && "status" in error && Number(error.status) < 500),
          },
        },
      }),
  );
  return (
    <LocaleContext.Provider value={locale}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): { locale: Locale; t: (typeof messages)[Locale] } {
  const locale = useContext(LocaleContext);
  return { locale, t: messages[locale] };
}
