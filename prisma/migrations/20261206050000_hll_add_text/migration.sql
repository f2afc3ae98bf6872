-- hll_add and bitmap_update with their integer arrays as text: the folder sends
-- one pair of arrays per sketch cell or bitmap, and Citus refuses a cast of a
-- column (text to integer[]) inside an UPDATE of a distributed table, while a
-- function of the columns that is IMMUTABLE itself is pushed to the shards as
-- it is. The search path is fixed at creation and travels with the functions
-- to the workers, where the schema of the tables may not be on the path.
CREATE FUNCTION "hll_add_text"(registers BYTEA, idx_text TEXT, rnk_text TEXT) RETURNS BYTEA
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$ SELECT hll_add(registers, idx_text::integer[], rnk_text::integer[]) $$;

CREATE FUNCTION "bitmap_update_text"(bits BYTEA, set_text TEXT, clear_text TEXT) RETURNS BYTEA
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$ SELECT bitmap_update(bits, set_text::integer[], clear_text::integer[]) $$;
