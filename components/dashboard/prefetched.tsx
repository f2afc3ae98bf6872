import { HydrationBoundary } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { SessionUser } from "@/lib/auth/roles";
import { prefetchMetrics, type Wanted } from "@/lib/dashboard/prefetch";

/** Server component: renders its widgets with their main metrics already in the query cache (see prefetchMetrics). */
export async function Prefetched({ user, search, metrics, children }: {
  user: SessionUser;
  search: Promise<Record<string, string | string[] | undefined>>;
  /** or worked out from the URL, for options that live there */
  metrics: Wanted[] | ((params: URLSearchParams) => Wanted[]);
  children: ReactNode;
}) {
  const resolved = await search;
  const params = new URLSearchParams(Object.entries(resolved).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const state = await prefetchMetrics(user, resolved, typeof metrics === "function" ? metrics(params) : metrics);
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}
