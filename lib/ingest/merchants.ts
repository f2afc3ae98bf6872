import { z } from "zod";
import { BUMP_DATA_VERSION } from "../store/fold-lock";
import { pgTransaction, type Db } from "../db/client";
import { ANY } from "../store/activity";
import { distanceMetres } from "../geo";
import { IngestValidationError } from "./errors";
import { ingestReference } from "./reference-cache";
import { MAX_BATCH_ROWS, merchantInputSchema, type RowError } from "./schema";

const INPUT = `SELECT m.id, m.name, m.district_code, m.category, m.lat::numeric AS lat, m.lon::numeric AS lon, m.venue,
    m.dist::integer AS dist, m.onboarded_on::date AS onboarded_on
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
    AS m(id, name, district_code, category, lat, lon, venue, dist, onboarded_on)`;

/**
 * The upsert and, in the same statement, the onboarding counts it moves: -1
 * where each merchant was counted before (the statement's snapshot), +1 where it
 * is now, summed per day and per district and category ('*' over either or both);
 * and, for a merchant whose district or category changes, its coverage counts.
 */
const UPSERT_SQL = `
WITH given AS (${INPUT}),
-- new merchants take the next ordinals, in id order (the advisory lock keeps them unique and dense)
input AS (
  SELECT g.*, (SELECT coalesce(max(ordinal) + 1, 0) FROM merchants)
    + (row_number() OVER (PARTITION BY m.id IS NULL ORDER BY g.id))::integer - 1 AS ordinal
  FROM given g LEFT JOIN merchants m ON m.id = g.id),
old AS (SELECT m.onboarded_on AS day, m.district_code, m.category::text AS category FROM merchants m JOIN input i ON i.id = m.id),
up AS (
  INSERT INTO merchants (id, name, district_code, category, lat, lon, nearest_venue_code, venue_distance_m, onboarded_on, ordinal)
  SELECT id, name, district_code, category::merchant_category, lat, lon, venue, dist, onboarded_on, ordinal FROM input
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, district_code = EXCLUDED.district_code,
    category = EXCLUDED.category, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
    nearest_venue_code = EXCLUDED.nearest_venue_code, venue_distance_m = EXCLUDED.venue_distance_m,
    onboarded_on = EXCLUDED.onboarded_on, updated_at = now()
  WHERE (merchants.name, merchants.district_code, merchants.category, merchants.lat, merchants.lon, merchants.onboarded_on)
    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.district_code, EXCLUDED.category, EXCLUDED.lat, EXCLUDED.lon, EXCLUDED.onboarded_on)
  RETURNING 1),
moves AS (
  SELECT day, CASE WHEN GROUPING(district_code) = 1 THEN '${ANY}' ELSE district_code END AS district_code,
    CASE WHEN GROUPING(category) = 1 THEN '${ANY}' ELSE category END AS category, sum(n)::integer AS n
  FROM (SELECT day, district_code, category, -1 AS n FROM old
        UNION ALL SELECT onboarded_on, district_code, category, 1 FROM input) x
  GROUP BY GROUPING SETS ((day), (day, district_code), (day, category), (day, district_code, category))
  HAVING sum(n) <> 0),
counted AS (
  INSERT INTO merchant_onboard_days AS o (district_code, category, day, merchants) SELECT district_code, category, day, n FROM moves
  ON CONFLICT (district_code, category, day) DO UPDATE SET merchants = o.merchants + EXCLUDED.merchants),
-- a merchant whose district or category is corrected takes its coverage along (its payments keep theirs):
-- -1 where each of its firsts was counted, +1 under the new district and category. The firsts are locked,
-- as the ingestion core locks them before moving a first to an earlier day.
corrected AS (
  SELECT m.id, m.district_code AS was_district, m.category::text AS was_category, i.district_code, i.category
  FROM merchants m JOIN input i ON i.id = m.id
  WHERE (m.district_code, m.category::text) IS DISTINCT FROM (i.district_code, i.category)),
firsts AS (SELECT f.merchant_id, f.channel_code, f.wallet_code, f.first_day FROM merchant_firsts f
  WHERE f.merchant_id IN (SELECT id FROM corrected) ORDER BY 1, 2, 3 FOR UPDATE),
coverage AS (
  SELECT f.first_day AS day, f.channel_code, f.wallet_code, x.district_code, x.category, sum(x.n)::integer AS n
  FROM firsts f JOIN (SELECT id, was_district AS district_code, was_category AS category, -1 AS n FROM corrected
    UNION ALL SELECT id, district_code, category, 1 FROM corrected) x ON x.id = f.merchant_id
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.n) <> 0),
covered AS (
  INSERT INTO merchant_coverage_days AS c (day, channel_code, wallet_code, district_code, category, merchants)
  SELECT day, channel_code, wallet_code, district_code, category::merchant_category, n FROM coverage
  -- in key order, as the ingestion core writes these rows, so the two do not deadlock on them
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, channel_code, wallet_code, district_code, category) DO UPDATE SET merchants = c.merchants + EXCLUDED.merchants)
SELECT (SELECT count(*) FROM up)::integer AS written,
  (SELECT array_agg(DISTINCT to_char(day, 'YYYY-MM-DD')) FROM moves WHERE n < 0) AS emptied,
  (SELECT array_agg(DISTINCT to_char(day, 'YYYY-MM-DD')) FROM coverage WHERE n < 0) AS uncovered`;

/** merchant_onboard_days from the merchants table, for the migration that created it and the tests. */
export const MERCHANT_ONBOARD_DAYS_SQL = `
SELECT CASE WHEN GROUPING(district_code) = 1 THEN '${ANY}' ELSE district_code END AS district_code,
  CASE WHEN GROUPING(category) = 1 THEN '${ANY}' ELSE category::text END AS category, onboarded_on AS day, count(*)::integer AS merchants
FROM merchants GROUP BY GROUPING SETS ((onboarded_on), (onboarded_on, district_code), (onboarded_on, category), (onboarded_on, district_code, category))`;

/** Upserts merchants by id, all-or-nothing, working out each one's nearest Games venue. */
export async function upsertMerchants(db: Db, rows: unknown[]): Promise<{ received: number; written: number }> {
  if (rows.length > MAX_BATCH_ROWS) throw new IngestValidationError([{ row: MAX_BATCH_ROWS, field: "(batch)", reason: `at most ${MAX_BATCH_ROWS} merchants per batch` }]);
  const ref = await ingestReference(db);
  const parsed = z.array(z.unknown()).parse(rows).map((r) => merchantInputSchema.safeParse(r));
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  parsed.forEach((p, row) => {
    if (!p.success) p.error.issues.forEach((i) => errors.push({ row, field: i.path.join(".") || "(row)", reason: i.message }));
    else if (seen.has(p.data.id)) errors.push({ row, field: "id", reason: `duplicated in this batch (first at row ${seen.get(p.data.id)})` });
    else if (!ref.districts.get(p.data.districtCode)?.current) {
      errors.push({ row, field: "districtCode", reason: `unknown or pre-2021 district ${p.data.districtCode}` });
    }
    if (p.success && !seen.has(p.data.id)) seen.set(p.data.id, row);
  });
  if (errors.length) throw new IngestValidationError(errors);
  const merchants = parsed.map((p) => p.data!);
  const venues = (await db.venue.findMany()).filter((v) => v.lat !== null && v.lon !== null);
  const nearest = merchants.map((m) => {
    let best: { code: string; d: number } | undefined;
    for (const v of venues) {
      const d = distanceMetres(m.lat, m.lon, Number(v.lat), Number(v.lon));
      if (!best || d < best.d) best = { code: v.code, d };
    }
    return best;
  });
  const params = [
    merchants.map((m) => m.id),
    merchants.map((m) => m.name),
    merchants.map((m) => m.districtCode),
    merchants.map((m) => m.category),
    merchants.map((m) => m.lat.toFixed(6)),
    merchants.map((m) => m.lon.toFixed(6)),
    nearest.map((n) => n?.code ?? null),
    nearest.map((n) => (n ? String(Math.round(n.d)) : null)),
    merchants.map((m) => m.onboardedOn),
  ];
  const written = await pgTransaction(
    db,
    async (tx) => {
      // merchant upserts are rare: one at a time, so each one's counts and ordinals start from the other's merchants
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('merchant_upsert'))`);
      const [r] = await tx.$queryRawUnsafe<{ written: number; emptied: string[] | null; uncovered: string[] | null }[]>(UPSERT_SQL, ...params);
      if (r?.emptied) await tx.$executeRawUnsafe(`DELETE FROM merchant_onboard_days WHERE merchants = 0 AND day = ANY($1::date[])`, r.emptied);
      if (r?.uncovered) await tx.$executeRawUnsafe(`DELETE FROM merchant_coverage_days WHERE merchants = 0 AND day = ANY($1::date[])`, r.uncovered);
      // coverage and the merchant filters read merchants: cached metric answers are stale now
      await tx.$executeRawUnsafe(BUMP_DATA_VERSION);
      return r?.written ?? 0;
    },
    { statementTimeoutMs: 60_000 },
  );
  return { received: rows.length, written };
}
