import { localDay } from "../local-time";

/** The operations page for an incident's days, narrowed to its wallet or district. */
export function incidentChart(groupBy: string | null, subject: string, from: Date, to: Date): string {
  const q = new URLSearchParams({ from: localDay(from), to: localDay(to) });
  if (groupBy === "wallet" && subject) q.set("wallets", subject);
  if (groupBy === "district" && subject) q.set("districts", subject);
  return `/operations?${q}`;
}
