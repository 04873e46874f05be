-- cameras/spatial.py's spatial_key in SQL, for loaders that write cameras in SQL (the
-- synthetic generator) and for backfills: the Z-order code of a longitude and latitude.

CREATE OR REPLACE FUNCTION cameras_spread_bits(v bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  v := (v | (v << 16)) & 281470681808895;      -- 0x0000FFFF0000FFFF
  v := (v | (v << 8)) & 71777214294589695;     -- 0x00FF00FF00FF00FF
  v := (v | (v << 4)) & 1085102592571150095;   -- 0x0F0F0F0F0F0F0F0F
  v := (v | (v << 2)) & 3689348814741910323;   -- 0x3333333333333333
  v := (v | (v << 1)) & 6148914691236517205;   -- 0x5555555555555555
  RETURN v;
END $$;

CREATE OR REPLACE FUNCTION cameras_spatial_key(lon double precision, lat double precision)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT cameras_spread_bits(GREATEST(0, LEAST(trunc((lon + 180.0::float8) / 360.0::float8 * 2147483648.0::float8)::bigint, 2147483647)))
       | (cameras_spread_bits(GREATEST(0, LEAST(trunc((lat + 90.0::float8) / 180.0::float8 * 2147483648.0::float8)::bigint, 2147483647))) << 1)
$$;
