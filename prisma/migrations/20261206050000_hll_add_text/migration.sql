-- hll_add with its index and rank arrays as text: the folder sends one pair of
-- arrays per sketch cell, and Citus refuses a cast of a column (text to
-- integer[]) inside an UPDATE of a distributed table, while a function of the
-- columns that is IMMUTABLE itself is pushed to the shards as it is. Written
-- out rather than calling hll_add: on a Citus worker a function body resolves
-- names in the worker's search path, where the schema of the tables may not be.
CREATE FUNCTION "hll_add_text"(registers BYTEA, idx_text TEXT, rnk_text TEXT) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  idx INTEGER[] := idx_text::integer[];
  rnk INTEGER[] := rnk_text::integer[];
BEGIN
  FOR i IN 1 .. coalesce(array_length(idx, 1), 0) LOOP
    IF get_byte(registers, idx[i]) < rnk[i] THEN
      registers := set_byte(registers, idx[i], rnk[i]);
    END IF;
  END LOOP;
  RETURN registers;
END
$$;

-- The same for merchant_first_bitmaps' bits to set and clear. It calls
-- bitmap_update in the schema it was created in (the search path is fixed at
-- creation and travels with the function to the workers).
CREATE FUNCTION "bitmap_update_text"(bits BYTEA, set_text TEXT, clear_text TEXT) RETURNS BYTEA
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$ SELECT bitmap_update(bits, set_text::integer[], clear_text::integer[]) $$;
