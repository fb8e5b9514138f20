"""similarity.score_unique_pairs in fewer polars queries (docs/small40.md): it runs ~35 times a
run and ~10 queries a call were most of its cost on a small book. Its answers are checked
against the definition, pair by pair: equal values score `equal`, a null side 0, other pairs
the scorer's value (0 where same_start's first two characters differ), then the number and
spelled-out-umlaut rules (the module's own expressions, applied to that one pair)."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.lazyframe import engine
from rapidfuzz.distance import OSA, JaroWinkler

from pipeline.dedupe import similarity as sim

_NAMES = ["mueller", "muller", "müller", "joergensen", "jorgensen", "guest 3", "guest 4",
          "guest3", "firstname1", "firstname2", "ma4garet", "margaret", "jon", "john", "jo",
          "ab", "abby", "ann", "anne", "", "x", "rober5", "robert", "aa", "a"]


def _by_pair(a, b, scorer, equal, same_start, same_digits, spelled_out) -> float:
    """The score of one pair, from the definition (no deduplication, join or scatter)."""
    if a is None or b is None:
        return 0.0
    if a == b:
        return float(np.float32(equal))
    if same_start and a[:2] != b[:2]:
        return 0.0
    s = np.float32(scorer(a, b))
    one = pl.DataFrame({"sa": [a], "sb": [b]})
    if same_digits:
        na, nb = sim._number(pl.col("sa")), sim._number(pl.col("sb"))
        if one.select((na != "") & (nb != "") & (na != nb)).item():
            s = np.float32(0.0)
    if spelled_out and sim.JW_MID <= s < sim.JW_HIGH and one.select(
            sim._without_spelled_umlauts(pl.col("sa"))
            == sim._without_spelled_umlauts(pl.col("sb"))).item():
        s = np.float32(sim.JW_HIGH)
    return float(s)




@settings(max_examples=200)
@given(pairs=st.integers(0, 14).flatmap(lambda n: st.tuples(
           st.lists(st.one_of(st.none(), st.sampled_from(_NAMES)), min_size=n, max_size=n),
           st.lists(st.one_of(st.none(), st.sampled_from(_NAMES)), min_size=n, max_size=n))),
       coded=st.booleans(), same_start=st.booleans(), same_digits=st.booleans(),
       spelled_out=st.booleans(), osa=st.booleans())
def test_scores_are_the_definitions_pair_by_pair(pairs, coded, same_start, same_digits,
                                                  spelled_out, osa):
    left, right = pairs
    scorer, equal = (OSA.distance, 0.0) if osa else (JaroWinkler.normalized_similarity, 1.0)
    frame = pl.DataFrame({"l": left, "r": right}, schema={"l": pl.String, "r": pl.String})
    values = None
    if coded:  # as coded.py holds name columns: codes into one dictionary of both sides
        values = pl.Series(sorted({v for v in left + right if v is not None}), dtype=pl.String)
        index = {v: i for i, v in enumerate(values.to_list())}
        frame = pl.DataFrame({c: [None if v is None else index[v] for v in side]
                              for c, side in (("l", left), ("r", right))},
                             schema={"l": pl.UInt32, "r": pl.UInt32})
    out = sim.score_unique_pairs(frame, "l", "r", scorer, same_start=same_start, equal=equal,
                                 values=values, same_digits=same_digits,
                                 spelled_out=spelled_out)
    assert out.dtype == pl.Float32 and out.len() == len(left)
    assert out.to_list() == [_by_pair(a, b, scorer, equal, same_start, same_digits,
                                      spelled_out) for a, b in zip(left, right, strict=True)]


def _queries(call) -> int:
    count = [0]
    original = engine._LocalEngine.collect

    def counted(eng, *args, **kwargs):
        count[0] += 1
        return original(eng, *args, **kwargs)

    engine._LocalEngine.collect = counted
    try:
        call()
    finally:
        engine._LocalEngine.collect = original
    return count[0]


def test_a_call_costs_a_few_polars_queries():
    names = ["jon", "john", "mueller", "muller", "guest 3", "guest 4", "ann", "anne"]
    values = pl.Series(names)
    frame = pl.DataFrame({"l": [0, 1, 2, 4, 6, None, 3], "r": [1, 1, 3, 5, 7, 2, 2]},
                         schema={"l": pl.UInt32, "r": pl.UInt32})
    strings = pl.DataFrame({c: values.gather(frame[c].fill_null(0)) for c in ("l", "r")})
    # main issued 12 (coded) and 9 (strings): a step each; the rows to score now come from
    # one select, their strings from one gather, and the scores need no rebuilt frames
    assert _queries(lambda: sim.score_unique_pairs(frame, "l", "r", values=values)) <= 6
    assert _queries(lambda: sim.score_unique_pairs(strings, "l", "r")) <= 5
    # with the number and spelled-umlaut rules (names: field_levels), whose pairs are there
    # (guest 3 / guest 4, mueller / muller): main issued 24
    assert _queries(lambda: sim.score_unique_pairs(frame, "l", "r", values=values,
                                                   same_digits=True, spelled_out=True)) <= 12
