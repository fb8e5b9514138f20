"""Per-record reuse for a refresh whose exports changed a little (pipeline.refresh reuses whole
stages; this package reuses rows within a stage that must run again).

Each module here computes exactly what its stage computes from scratch; the tests compare the
two on random edits, deletions and additions.
"""
