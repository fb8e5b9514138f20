"""Session 27 (fast10): the distinct pair codes of blocking's written-out rules, of the
spelled pairs and of the similarity's coded pairs are an expression's unique, not an eager
DataFrame.unique (docs/performance.md, "Session 27 (fast10)"); each is checked against its
rule written out in plain Python.

- blocking.distinct_pairs: every pair once, as pair_code(min, max), whichever side was first.
- blocking._swapped_pairs: the records whose given name is the other's family name and the
  reverse, in blocks of at most `cap`.
- similarity.score_unique_pairs on codes (coded.py) equals the plain path on the strings."""

from __future__ import annotations

from collections import Counter

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import JaroWinkler

from pipeline.dedupe import blocking, similarity

SHIFT = blocking.PAIR_SHIFT
NAMES = ["ann", "bo", "li", "wei", "zhang", None]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=60))
def test_distinct_pairs_are_each_pair_once_low_first(pairs):
    frame = pl.DataFrame({"idx": [a for a, _ in pairs], "idx_r": [b for _, b in pairs]},
                         schema={"idx": pl.UInt32, "idx_r": pl.UInt32})
    out = blocking.distinct_pairs(frame)
    assert out.columns == ["lr"] and out.schema["lr"] == pl.UInt64
    codes = out["lr"].to_list()
    assert len(codes) == len(set(codes))
    assert set(codes) == {min(a, b) * SHIFT + max(a, b) for a, b in pairs}


def _swapped_rule(given_keys, family_keys, cap) -> set[int]:
    """_swapped_pairs written out: (given, family) blocks of at most `cap` records with both
    names and two different ones; a record pairs with every record of the swapped block."""
    full = [(i, g, f) for i, (g, f) in enumerate(zip(given_keys, family_keys, strict=True))
            if g is not None and f is not None and g != f]
    size = Counter((g, f) for _, g, f in full)
    kept = [(i, g, f) for i, g, f in full if size[(g, f)] <= cap]
    return {min(i, j) * SHIFT + max(i, j) for i, g, f in kept for j, g2, f2 in kept
            if (g2, f2) == (f, g) and i != j}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=40),
       st.integers(1, 4))
def test_swapped_pairs_are_the_rule_written_out(names, cap):
    given_keys, family_keys = [g for g, _ in names], [f for _, f in names]
    feats = pl.DataFrame({"idx": list(range(len(names))), "given_key": given_keys,
                          "family_key": family_keys},
                         schema={"idx": pl.UInt32, "given_key": pl.String,
                                 "family_key": pl.String})
    out = blocking._swapped_pairs(feats, cap)["lr"].to_list()
    assert len(out) == len(set(out))
    assert set(out) == _swapped_rule(given_keys, family_keys, cap)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=40))
def test_coded_similarities_equal_the_plain_path(pairs):
    values = pl.Series([n for n in NAMES if n is not None], dtype=pl.String)
    code = {v: i for i, v in enumerate(values.to_list())}
    plain = pl.DataFrame({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
                         schema={"a": pl.String, "b": pl.String})
    coded = plain.select(pl.col(c).replace_strict(code, default=None, return_dtype=pl.UInt32)
                         for c in ("a", "b"))
    got = similarity.score_unique_pairs(coded, "a", "b", values=values).to_list()
    assert got == similarity.score_unique_pairs(plain, "a", "b").to_list()
    for (a, b), s in zip(pairs, got, strict=True):
        want = 0.0 if a is None or b is None else (
            1.0 if a == b else JaroWinkler.normalized_similarity(a, b))
        assert abs(s - want) < 1e-6
