"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useOptimistic, useTransition } from "react";
import { filterSearch, parseDashboardFilter, type DashboardFilter } from "@/lib/dashboard/filter";

/**
 * The filter in the URL, and a setter that pushes a new history entry (so the
 * back button undoes it). Until the navigation lands, the caller sees the new
 * filter already, so a ticked box stays ticked.
 */
export function useDashboardFilter() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const parsed = useMemo(() => parseDashboardFilter(new URLSearchParams(params.toString())), [params]);
  const [filter, setOptimistic] = useOptimistic(parsed.filter);
  const [, startTransition] = useTransition();
  const setFilter = useCallback(
    (next: DashboardFilter, keep: Record<string, string> = {}) => {
      const search = filterSearch(next, keep);
      startTransition(() => {
        setOptimistic(next);
        router.push(search ? `${pathname}?${search}` : pathname, { scroll: false });
      });
    },
    [router, pathname, setOptimistic],
  );
  return { filter, problems: parsed.problems, setFilter };
}
