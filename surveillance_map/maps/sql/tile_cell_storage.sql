-- The cells are rewritten in place by every camera write and every batch of an import's queue.
-- Autovacuum comes by once a fiftieth of the rows changed (by default it waits for a fifth:
-- hundreds of thousands of dead rows at a million cameras), so the space of the old versions
-- is reused soon. No fillfactor: with a fifth of each page kept free the table was a quarter
-- bigger and grew as much with two imports (docs/benchmarks.md), since a batch rewrites every
-- row of the pages that hold low-zoom cells, more than any free fraction can take.
ALTER TABLE maps_tilecell SET (
  autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0.05
);
