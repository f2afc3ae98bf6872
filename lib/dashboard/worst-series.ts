// A failure rate per wallet for twelve wallets is twelve lines nobody can read: the chart draws the
// few wallets that fail most over the range and one line for all the others together.

import { failureRate } from "../metrics/measures";

export const OTHERS = "__others";

interface Outcome {
  wallet: string;
  succeeded: number;
  failed: number;
}

/** Below this many settled attempts over the range a wallet's rate is noise: it is ranked after the rest. */
const MIN_SETTLED = 20;


/**
 * The `few` wallets with the highest failure rate over all of `rows` (wallets with fewer than
 * MIN_SETTLED settled attempts last), and each row's wallet as itself or OTHERS. Nothing is
 * grouped when at most one wallet would be left over.
 */
export function worstWallets<T extends Outcome>(rows: readonly T[], few: number): { shown: string[]; groupOf: (wallet: string) => string } {
  const totals = new Map<string, { succeeded: number; failed: number }>();
  for (const r of rows) {
    const t = totals.get(r.wallet) ?? { succeeded: 0, failed: 0 };
    t.succeeded += r.succeeded;
    t.failed += r.failed;
    totals.set(r.wallet, t);
  }
  const ranked = [...totals].sort(([wa, a], [wb, b]) => {
    const sa = a.succeeded + a.failed >= MIN_SETTLED;
    const sb = b.succeeded + b.failed >= MIN_SETTLED;
    if (sa !== sb) return sa ? -1 : 1;
    return (failureRate(b.failed, b.succeeded) ?? -1) - (failureRate(a.failed, a.succeeded) ?? -1) || wa.localeCompare(wb);
  });
  const shown = ranked.length <= few + 1 ? ranked.map(([w]) => w) : ranked.slice(0, few).map(([w]) => w);
  const set = new Set(shown);
  return { shown, groupOf: (wallet) => (set.has(wallet) ? wallet : OTHERS) };
}

/** Rows regrouped by `groupOf`, failures and successes summed, the rate computed from the sums. */
export function regroup<T extends Outcome & { bucket: string }>(rows: readonly T[], groupOf: (wallet: string) => string) {
  const out = new Map<string, { bucket: string; wallet: string; succeeded: number; failed: number; failureRate: number | null }>();
  for (const r of rows) {
    const wallet = groupOf(r.wallet);
    const k = `${r.bucket}|${wallet}`;
    const o = out.get(k) ?? { bucket: r.bucket, wallet, succeeded: 0, failed: 0, failureRate: null };
    o.succeeded += r.succeeded;
    o.failed += r.failed;
    o.failureRate = failureRate(o.failed, o.succeeded);
    out.set(k, o);
  }
  return [...out.values()];
}
