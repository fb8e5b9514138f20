"""Stage 3: one person, one row (blocking, comparisons, clustering, stable ids)."""
