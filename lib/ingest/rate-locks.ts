import "server-only";
import type { Sql } from "../db/client";
import { lockKey } from "../db/locks";

// A payment's spread is computed against the reference rate visible when it
// is inserted, and a written rate reprices the payments visible when it is
// written. Without a lock a payment and a rate for the same minute, committed
// concurrently, could each miss the other and leave the payment with no
// spread beside a stored rate. Payment batches take a shared lock per
// currency, rate batches an exclusive one, so they take turns per currency
// while payments never wait for each other. Always in sorted order, so two
// rate batches cannot deadlock.


export async function lockRateCurrencies(tx: Sql, currencies: Iterable<string>, mode: "read" | "write"): Promise<void> {
  const list = [...new Set(currencies)].sort();
  if (!list.length) return;
  const fn = mode === "read" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  await tx.$queryRawUnsafe(`SELECT ${fn}(${lockKey("fx-rate")}, hashtext(c)) FROM unnest($1::text[]) WITH ORDINALITY AS u(c, i) ORDER BY i`, list);
}
