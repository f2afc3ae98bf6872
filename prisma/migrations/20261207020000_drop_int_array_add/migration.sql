-- The folder merges histogram bins in its generated upsert (lib/store/family-sql.ts), bin by bin in
-- one expression: 2 µs per 44-bin row where this plpgsql loop took 8 µs. Nothing calls it any more.
DROP FUNCTION IF EXISTS "int_array_add"(INTEGER[], INTEGER[]);
