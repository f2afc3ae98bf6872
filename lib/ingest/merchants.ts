import "server-only";
import { z } from "zod";
import { BUMP_DATA_VERSION, waitForFoldLock } from "../store/fold-lock";
import { pgTransaction, type Db } from "../db/client";
import { lockKey } from "../db/locks";
import { ANY, CountMoves } from "../store/activity";
import { refileMerchantPayments } from "../store/merchant-refile";
import { distanceMetres } from "../geo";
import { IngestValidationError } from "./errors";
import { ingestReference } from "./reference-cache";
import { MAX_BATCH_ROWS, merchantInputSchema, type RowError } from "./schema";

// Plain statements, one after another (no data-modifying CTEs, no FOR UPDATE, no casts in DO UPDATE
// SET): what a Citus cluster runs on its reference tables as PostgreSQL and PGlite do.
const UPSERT_SQL = `
INSERT INTO merchants AS x (id, name, district_code, category, lat, lon, nearest_venue_code, venue_distance_m, onboarded_on, ordinal, updated_at)
SELECT m.id, m.name, m.district_code, m.category::merchant_category, m.lat::numeric, m.lon::numeric, m.venue, m.dist::integer,
  m.onboarded_on::date, m.ordinal::integer, now()
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
  AS m(id, name, district_code, category, lat, lon, venue, dist, onboarded_on, ordinal)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, district_code = EXCLUDED.district_code,
  category = EXCLUDED.category, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
  nearest_venue_code = EXCLUDED.nearest_venue_code, venue_distance_m = EXCLUDED.venue_distance_m,
  onboarded_on = EXCLUDED.onboarded_on, updated_at = EXCLUDED.updated_at
WHERE (x.name, x.district_code, x.category, x.lat, x.lon, x.onboarded_on)
  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.district_code, EXCLUDED.category, EXCLUDED.lat, EXCLUDED.lon, EXCLUDED.onboarded_on)`;

interface Stored {
  id: string;
  day: string;
  district_code: string;
  category: string;
}

interface StoredPlace extends Stored {
  ordinal: number;
  nearest_venue_code: string | null;
  venue_distance_m: number | null;
}

/**
 * Onboarding counts per day under every district and category pair, '*' over either or both:
 * -1 where each merchant was counted, +1 where it is now.
 */
function onboardMoves(old: Stored[], now: Stored[]): CountMoves {
  const moves = new CountMoves();
  for (const [rows, n] of [[old, -1], [now, 1]] as const) {
    for (const r of rows) {
      for (const d of [r.district_code, ANY]) for (const c of [r.category, ANY]) moves.move([d, c, r.day], n);
    }
  }
  return moves;
}

/** merchant_onboard_days from the merchants table, for the migration that created it and the tests. */
export const MERCHANT_ONBOARD_DAYS_SQL = `
SELECT g.district_code, g.category, m.onboarded_on AS day, count(*)::integer AS merchants
FROM merchants m CROSS JOIN LATERAL (VALUES (m.district_code, m.category::text), (m.district_code, '${ANY}'), ('${ANY}', m.category::text), ('${ANY}', '${ANY}'))
  AS g(district_code, category)
GROUP BY 1, 2, 3`;

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
      // merchant upserts are rare: one at a time, so each one's counts and ordinals start from the other's
      // merchants; and between fold passes, as a correction moves derived rows the folder writes
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${lockKey("merchant-upsert")})`);
      await waitForFoldLock(tx);
      const old = await tx.$queryRawUnsafe<StoredPlace[]>(
        `SELECT id, to_char(onboarded_on, 'YYYY-MM-DD') AS day, district_code, category::text AS category, ordinal,
           nearest_venue_code, venue_distance_m
         FROM merchants WHERE id = ANY($1::text[])`,
        merchants.map((m) => m.id),
      );
      const byId = new Map(old.map((o) => [o.id, o]));
      const [{ next } = { next: 0 }] = await tx.$queryRawUnsafe<{ next: number }[]>(`SELECT coalesce(max(ordinal) + 1, 0)::integer AS next FROM merchants`);
      // new merchants take the next ordinals in id order: dense and unique
      const fresh = merchants.map((m) => m.id).filter((id) => !byId.has(id)).sort();
      const ordinal = new Map(fresh.map((id, i) => [id, next + i]));
      // a new category or nearest venue re-files the merchant's folded payments (its district stays theirs)
      const moved = merchants
        .filter((m, i) => {
          const o = byId.get(m.id);
          const venue = nearest[i];
          return o && (o.category !== m.category || o.nearest_venue_code !== (venue?.code ?? null) || o.venue_distance_m !== (venue ? Math.round(venue.d) : null));
        })
        .map((m) => m.id);
      const written = await refileMerchantPayments(tx, moved, () =>
        tx.$executeRawUnsafe(UPSERT_SQL, ...params, merchants.map((m) => String(byId.get(m.id)?.ordinal ?? ordinal.get(m.id)))),
      );
      const now: Stored[] = merchants.map((m) => ({ id: m.id, day: m.onboardedOn, district_code: m.districtCode, category: m.category }));
      await onboardMoves(old, now).apply(tx, "merchant_onboard_days", [["district_code", ""], ["category", ""], ["day", "::date"]], "merchants");
      // a merchant whose district or category is corrected takes its coverage along (its payments keep theirs):
      // -1 where each of its firsts was counted, +1 under the new district and category
      const corrected = now.filter((m) => {
        const o = byId.get(m.id);
        return o && (o.district_code !== m.district_code || o.category !== m.category);
      });
      if (corrected.length) {
        const firsts = await tx.$queryRawUnsafe<{ merchant_id: string; channel_code: string; wallet_code: string; day: string }[]>(
          `SELECT merchant_id, channel_code, wallet_code, to_char(first_day, 'YYYY-MM-DD') AS day FROM merchant_firsts WHERE merchant_id = ANY($1::text[])`,
          corrected.map((m) => m.id),
        );
        const moves = new CountMoves();
        const to = new Map(corrected.map((m) => [m.id, m]));
        for (const f of firsts) {
          const was = byId.get(f.merchant_id)!;
          const is = to.get(f.merchant_id)!;
          moves.move([f.day, f.channel_code, f.wallet_code, was.district_code, was.category], -1);
          moves.move([f.day, f.channel_code, f.wallet_code, is.district_code, is.category], 1);
        }
        await moves.apply(
          tx,
          "merchant_coverage_days",
          [["day", "::date"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""], ["category", "::merchant_category"]],
          "merchants",
        );
      }
      // coverage and the merchant filters read merchants: cached metric answers are stale now
      await tx.$executeRawUnsafe(BUMP_DATA_VERSION);
      return written;
    },
    { statementTimeoutMs: 60_000 },
  );
  return { received: rows.length, written };
}
