"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { filterSearch, parseDashboardFilter } from "@/lib/dashboard/filter";

function Links({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  // moving between dashboard pages keeps the filter (but not page-only parameters)
  const search = filterSearch(parseDashboardFilter(new URLSearchParams(useSearchParams().toString())).filter);
  return (
    <>
      {links.map((l) => {
        const current = l.href === "/" ? pathname === "/" : pathname.startsWith(l.href);
        const href = l.href !== "/admin" && search ? `${l.href}?${search}` : l.href;
        return (
          <Link key={l.href} href={href} aria-current={current ? "page" : undefined} className={current ? "current" : undefined}>
            {l.label}
          </Link>
        );
      })}
    </>
  );
}

export function NavLinks(props: { links: { href: string; label: string }[] }) {
  return (
    <Suspense fallback={props.links.map((l) => <a key={l.href} href={l.href}>{l.label}</a>)}>
      <Links {...props} />
    </Suspense>
  );
}
