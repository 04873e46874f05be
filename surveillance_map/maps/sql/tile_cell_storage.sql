-- The cells are rewritten in place by every camera write and every batch of an import's queue.
-- With no index on the columns that change, such an update is HOT: the new version goes on
-- the same page when there is room (fillfactor: a fifth of each page is kept free) and the
-- old one is pruned there once no transaction can see it. Autovacuum comes by once a fiftieth
-- of the rows changed (by default it waits for a fifth: hundreds of thousands of dead rows).
ALTER TABLE maps_tilecell SET (
  fillfactor = 80,
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.05
);
