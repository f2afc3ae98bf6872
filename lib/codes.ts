// Codes the browser needs as well as the server, in a module with no imports: a
// client component that takes them from lib/metrics/filter.ts would pull the
// server's filter schema, the venue zones and the reference data into its bundle.

export const MERCHANT_CATEGORIES = ["DINING", "RETAIL", "CONVENIENCE", "HOTEL", "TRANSPORT", "ATTRACTION", "SOUVENIR", "ENTERTAINMENT"] as const;
export const CHANNELS = ["WALLET", "CARD"] as const;
