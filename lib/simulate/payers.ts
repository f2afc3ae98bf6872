import type { Rng } from "./random";

const TX_PER_PAYER_PER_DAY = 2.4;

interface Visitor {
  id: string;
  departDay: number;
}

/**
 * Visitors arrive, stay a few days and pay several times a day, so payer
 * counts and first-time vs repeat behaviour look like real tourism.
 */
export class PayerPools {
  private pools = new Map<string, { active: Visitor[]; next: number }>();

  payersForDay(scope: string, dayNo: number, transactions: number, rng: Rng): string[] {
    let pool = this.pools.get(scope);
    if (!pool) {
      pool = { active: [], next: 1 };
      this.pools.set(scope, pool);
    }
    pool.active = pool.active.filter((v) => v.departDay > dayNo);
    const needed = Math.max(1, Math.ceil(transactions / TX_PER_PAYER_PER_DAY));
    while (pool.active.length < needed) {
      const stay = rng.weighted([[1, 15], [2, 20], [3, 22], [4, 18], [5, 12], [7, 8], [10, 5]] as const);
      pool.active.push({ id: `${scope}-V${pool.next++}`, departDay: dayNo + stay });
    }
    if (pool.active.length === needed) return pool.active.map((v) => v.id);
    // fewer payments today than visitors in town: some of them pay nothing today
    const chosen: string[] = [];
    const step = pool.active.length / needed;
    const offset = rng.next() * step;
    for (let i = 0; i < needed; i++) chosen.push(pool.active[Math.floor(offset + i * step)]!.id);
    return chosen;
  }
}
