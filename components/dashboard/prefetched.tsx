import { HydrationBoundary } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import type { SessionUser } from "@/lib/auth/roles";
import { prefetchMetrics, type Wanted } from "@/lib/dashboard/prefetch";
import { Skeleton } from "./widget";

type Props = {
  user: SessionUser;
  search: Promise<Record<string, string | string[] | undefined>>;
  /** or worked out from the URL, for options that live there */
  metrics: Wanted[] | ((params: URLSearchParams) => Wanted[]);
  children: ReactNode;
};

/** Server component: renders its widgets with their main metrics already in the query cache (see prefetchMetrics). */
async function Prefetched({ user, search, metrics, children }: Props) {
  // every value of a repeated parameter, as the browser's URLSearchParams holds them, so both read the URL alike
  const params = new URLSearchParams(Object.entries(await search).flatMap(([k, v]) => (v === undefined ? [] : [v].flat().map((x) => [k, x]))));
  const state = await prefetchMetrics(user, params, typeof metrics === "function" ? metrics(params) : metrics);
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}

/**
 * A page section in its own Suspense boundary: its skeleton streams at once and
 * its figures follow as soon as its own metrics are computed, so one slow query
 * (top merchants) does not hold back the rest of the page.
 */
export function PrefetchedSlot({ wide = true, ...props }: Props & { wide?: boolean }) {
  return (
    <Suspense fallback={<section className={`panel widget${wide ? " wide" : ""}`}><Skeleton /></section>}>
      <Prefetched {...props} />
    </Suspense>
  );
}
