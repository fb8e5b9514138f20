"""Pipeline stages: pure functions from one stage's frames to the next (see pipeline.schema)."""
