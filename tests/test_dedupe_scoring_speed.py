"""The fast paths of scoring give exactly what the plain ones give: pairs scored a chunk at a
time, feature columns gathered by position instead of joined, per-record term frequencies and
namesake counts gathered per pair, and weights that do not depend on memory layout."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dedupe_cluster import address_book

from pipeline.dedupe import blocking, compare, features
from pipeline.dedupe.stage import SCORED_COLUMNS, dedupe


def _scored(feats: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    pairs, _ = blocking.candidate_pairs(feats)
    return pairs, compare.score(pairs, feats)


@settings(max_examples=100, deadline=None)
@given(rows=address_book(), chunk=st.integers(1, 7))
def test_chunked_scoring_equals_scoring_at_once(rows, chunk):
    feats = features.build(records(rows))
    pairs, whole = _scored(feats)
    old = compare.SCORE_CHUNK
    compare.SCORE_CHUNK = chunk
    try:
        parts = compare.score(pairs, feats, columns=SCORED_COLUMNS)
    finally:
        compare.SCORE_CHUNK = old
    assert parts.equals(whole.select(SCORED_COLUMNS))


@settings(max_examples=100, deadline=None)
@given(rows=address_book())
def test_gathered_sides_equal_joined_sides(rows):
    feats = features.build(records(rows))
    pairs, _ = blocking.candidate_pairs(feats)
    gathered = compare.with_sides(pairs, feats, compare.SCORE_INPUTS)
    # the same features in another row order take the join path
    shuffled = feats.sort("record_id", descending=True)
    assert not compare._idx_is_position(shuffled)
    joined = compare.with_sides(pairs, shuffled, compare.SCORE_INPUTS)
    assert gathered.columns == joined.columns
    assert gathered.sort("l", "r").equals(joined.sort("l", "r"))


@settings(max_examples=100, deadline=None)
@given(rows=address_book())
def test_per_record_tables_equal_joins_per_pair(rows):
    """Term frequencies and namesake caps gathered per pair equal the join over pairs that
    scoring did before (the fallback, kept for feature frames not in idx order)."""
    feats = features.build(records(rows))
    pairs, fast = _scored(feats)
    plain = compare._score_chunk(pairs, feats, None)
    assert fast.sort("l", "r").equals(plain.sort("l", "r"))


def test_weights_are_the_same_whatever_the_layout():
    """Pairs scored one at a time (many small frames, concatenated unchunked) weigh exactly
    what they weigh scored together."""
    rows = [{"given_key": g, "family_key": "smith", "org_key": o, "source": s}
            for g in ("anna", "ann", "bob", "robert") for o in ("acme", None)
            for s in ("google", "vcard")]
    feats = features.build(records(rows))
    pairs, whole = _scored(feats)
    pieces = pl.concat([compare.score(pairs.slice(i, 1), feats) for i in range(pairs.height)],
                       rechunk=False)
    assert pieces["weight"].to_list() == whole["weight"].to_list()


def test_dedupe_merges_through_the_narrow_scored_pairs():
    """The stage keeps only the pairs table's columns of every pair and gives merge-level
    links their feature columns back for clustering."""
    rows = [{"given_key": "anna", "family_key": "smith", "emails": ["anna@x.org"]},
            {"given_key": "anna", "family_key": "smith", "emails": ["anna@x.org"],
             "source": "vcard"},
            {"given_key": "bob", "family_key": "smith"}]
    result = dedupe(records(rows))
    assert result.people.height == 2
    assert result.pairs.filter(pl.col("outcome") == "merge").height == 1
