"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { filterSearch, parseDashboardFilter, type DashboardFilter } from "@/lib/dashboard/filter";

/** The filter in the URL, and a setter that pushes a new history entry (so the back button undoes it). */
export function useDashboardFilter() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { filter, problems } = useMemo(() => parseDashboardFilter(new URLSearchParams(params.toString())), [params]);
  const setFilter = useCallback(
    (next: DashboardFilter, keep: Record<string, string> = {}) => {
      const search = filterSearch(next, keep);
      router.push(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return { filter, problems, setFilter };
}
