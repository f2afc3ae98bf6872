import "server-only";
import type { Db } from "../db/client";
import { ANY_WALLET, localDay } from "../ingest/activity";
import type { MetricFilter } from "./filter";

export interface PayerFigures {
  /** whole local days the payer figures cover (payers are counted per day, exactly) */
  days: { from: string; to: string };
  payers: number;
  firstTimePayers: number;
  repeatPayers: number;
}

export interface MerchantCoverage {
  covered: number;
  merchants: number;
  ratio: number | null;
  /** cumulative coverage at the end of each local day in the range */
  daily: { day: string; covered: number; merchants: number; ratio: number | null }[];
}

function dayRange(filter: MetricFilter): { from: string; to: string } {
  return { from: localDay(filter.from), to: localDay(new Date(filter.to.getTime() - 1)) };
}

/**
 * Unique payers over whole days, exact: a payer who pays on several days or
 * in several districts counts once. Payers are tied to their wallet, so wallet,
 * channel and district filters apply; a merchant-category filter does not
 * (null then).
 */
export async function getPayers(db: Db, filter: MetricFilter): Promise<PayerFigures | null> {
  if (filter.categories.length) return null;
  const days = dayRange(filter);
  const params: unknown[] = [days.from, days.to];
  const where = ["d.day >= $1::date", "d.day <= $2::date"];
  const add = (sql: string, v: unknown) => (params.push(v), where.push(sql.replace("?", `$${params.length}`)));
  if (filter.wallets.length) add("d.wallet_code = ANY(?::text[])", filter.wallets);
  if (filter.channels.length) add("d.channel_code = ANY(?::text[])", filter.channels);
  if (filter.districts.length) add("d.district_code = ANY(?::text[])", filter.districts);
  const [row] = await db.$queryRawUnsafe<{ payers: bigint; first_time: bigint }[]>(
    `WITH p AS (SELECT DISTINCT d.payer_hash FROM payer_days d WHERE ${where.join(" AND ")})
     SELECT count(*) AS payers,
       count(*) FILTER (WHERE y.first_paid_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')) AS first_time
     FROM p JOIN payers y ON y.payer_hash = p.payer_hash`,
    ...params,
  );
  const payers = Number(row?.payers ?? 0);
  const firstTime = Number(row?.first_time ?? 0);
  return { days, payers, firstTimePayers: firstTime, repeatPayers: payers - firstTime };
}

/** Merchants with at least one foreign-wallet payment so far, over merchants onboarded so far. */
export async function getMerchantCoverage(db: Db, filter: MetricFilter): Promise<MerchantCoverage> {
  const days = dayRange(filter);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, v: unknown) => (params.push(v), where.push(sql.replace("?", `$${params.length}`)));
  if (filter.districts.length) add("m.district_code = ANY(?::text[])", filter.districts);
  if (filter.categories.length) add("m.category::text = ANY(?::text[])", filter.categories);
  const merchantWhere = where.length ? `WHERE ${where.join(" AND ")}` : "";
  // without a wallet filter, the precomputed across-wallets rows answer directly
  params.push(filter.wallets.length ? filter.wallets : [ANY_WALLET]);
  const walletFilter = `AND mf.wallet_code = ANY($${params.length}::text[])`;
  const [firsts, onboarded] = await Promise.all([
    db.$queryRawUnsafe<{ day: string; n: bigint }[]>(
      `SELECT to_char(first_day, 'YYYY-MM-DD') AS day, count(*) AS n FROM (
         SELECT mf.merchant_id, min(mf.first_day) AS first_day FROM merchant_firsts mf JOIN merchants m ON m.id = mf.merchant_id
         ${merchantWhere} ${merchantWhere ? "AND" : "WHERE"} mf.channel_code = 'WALLET' ${walletFilter}
         GROUP BY mf.merchant_id) x GROUP BY 1 ORDER BY 1`,
      ...params,
    ),
    db.$queryRawUnsafe<{ day: string; n: bigint }[]>(
      `SELECT to_char(m.onboarded_on, 'YYYY-MM-DD') AS day, count(*) AS n FROM merchants m ${merchantWhere} GROUP BY 1 ORDER BY 1`,
      ...params.slice(0, where.length),
    ),
  ]);
  const cumulative = (rows: { day: string; n: bigint }[], upTo: string) =>
    rows.filter((r) => r.day <= upTo).reduce((a, r) => a + Number(r.n), 0);
  const daily: MerchantCoverage["daily"] = [];
  for (let t = Date.parse(`${days.from}T00:00:00Z`); t <= Date.parse(`${days.to}T00:00:00Z`); t += 86400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const covered = cumulative(firsts, day);
    const merchants = cumulative(onboarded, day);
    daily.push({ day, covered, merchants, ratio: merchants ? covered / merchants : null });
  }
  const last = daily[daily.length - 1];
  return { covered: last?.covered ?? 0, merchants: last?.merchants ?? 0, ratio: last?.ratio ?? null, daily };
}
