import { z } from "zod";
import type { Db } from "../db/client";
import { distanceMetres } from "../geo";
import { IngestValidationError } from "./errors";
import { ingestReference } from "./reference-cache";
import { MAX_BATCH_ROWS, merchantInputSchema, type RowError } from "./schema";

const UPSERT_SQL = `
INSERT INTO merchants (id, name, district_code, category, lat, lon, nearest_venue_code, venue_distance_m, onboarded_on)
SELECT m.id, m.name, m.district_code, m.category::merchant_category, m.lat::numeric, m.lon::numeric,
  m.venue, m.dist::integer, m.onboarded_on::date
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  AS m(id, name, district_code, category, lat, lon, venue, dist, onboarded_on)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, district_code = EXCLUDED.district_code,
  category = EXCLUDED.category, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
  nearest_venue_code = EXCLUDED.nearest_venue_code, venue_distance_m = EXCLUDED.venue_distance_m,
  onboarded_on = EXCLUDED.onboarded_on, updated_at = now()
WHERE (merchants.name, merchants.district_code, merchants.category, merchants.lat, merchants.lon, merchants.onboarded_on)
  IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.district_code, EXCLUDED.category, EXCLUDED.lat, EXCLUDED.lon, EXCLUDED.onboarded_on)`;

/** Upserts merchants by id, all-or-nothing, working out each one's nearest Games venue. */
export async function upsertMerchants(db: Db, rows: unknown[]): Promise<{ received: number; written: number }> {
  if (rows.length > MAX_BATCH_ROWS) throw new IngestValidationError([{ row: MAX_BATCH_ROWS, field: "(batch)", reason: `at most ${MAX_BATCH_ROWS} merchants per batch` }]);
  const ref = await ingestReference(db);
  const parsed = z.array(z.unknown()).parse(rows).map((r) => merchantInputSchema.safeParse(r));
  const errors: RowError[] = [];
  parsed.forEach((p, row) => {
    if (!p.success) p.error.issues.forEach((i) => errors.push({ row, field: i.path.join(".") || "(row)", reason: i.message }));
    else if (!ref.districts.get(p.data.districtCode)?.current) {
      errors.push({ row, field: "districtCode", reason: `unknown or pre-2021 district ${p.data.districtCode}` });
    }
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
  const written = await db.$executeRawUnsafe(
    UPSERT_SQL,
    merchants.map((m) => m.id),
    merchants.map((m) => m.name),
    merchants.map((m) => m.districtCode),
    merchants.map((m) => m.category),
    merchants.map((m) => m.lat.toFixed(6)),
    merchants.map((m) => m.lon.toFixed(6)),
    nearest.map((n) => n?.code ?? null),
    nearest.map((n) => (n ? String(Math.round(n.d)) : null)),
    merchants.map((m) => m.onboardedOn),
  );
  return { received: rows.length, written };
}
