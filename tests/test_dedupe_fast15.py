"""The second pass finds each pair's first-pass levels by a binary search of pair codes, once
for all chunks (compare._rows_in), where it joined every chunk with all the first pass's
pairs and anti-joined them again (~6.6 CPU-s at gen5's million records). The levels it takes
and the weights it gives are those of the joins: compare.score on the same pairs, chunked or
not, in either order of the first pass's pairs, equals comparing every pair from scratch."""

from __future__ import annotations

import random

import polars as pl
from dedupe_support import first_pass_share, people_with_copies
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import compare, stage

GIVEN = ["ann", "anne", "ian", "jonny", "john", "maria", "bill", "william", None]
FAMILY = ["lee", "sugden", "garcia", "garcia lopez", "smith", None]

pair_sets = st.sets(st.tuples(st.integers(0, 60), st.integers(0, 60)).filter(
    lambda p: p[0] < p[1]), max_size=80)


def _frame(pairs) -> pl.DataFrame:
    return pl.DataFrame(sorted(pairs), schema={"l": pl.UInt32, "r": pl.UInt32}, orient="row")


@settings(max_examples=200, deadline=None)
@given(wanted=pair_sets, held=pair_sets, shuffle=st.booleans(), seed=st.integers(0, 99))
def test_each_pair_finds_its_row_in_the_compared_pairs(wanted, held, shuffle, seed):
    compared = _frame(held)
    if shuffle:  # a caller's first pass in another order: still found
        compared = compared.sample(fraction=1.0, shuffle=True, seed=seed)
    pairs = _frame(wanted)
    where = {(a, b): i for i, (a, b) in enumerate(compared.iter_rows())}
    rows = compare._rows_in(pairs, compared)
    assert rows.dtype == pl.UInt32
    assert rows.to_list() == [where.get(p) for p in pairs.iter_rows()]


def _book(seed: int, people: int = 60) -> pl.DataFrame:
    def person(rng: random.Random, i: int) -> dict:
        return {"given_key": rng.choice(GIVEN), "family_key": rng.choice(FAMILY),
                "birthday_year": rng.choice([None, 1970 + i % 30]),
                "birthday_month": rng.choice([None, 1 + i % 12]), "birthday_day": 1 + i % 28}

    return people_with_copies(seed, people, person, (2, 4), 0.5, 0.3, GIVEN)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.floats(0.0, 1.0), chunk=st.integers(64, 400),
       shuffle=st.booleans())
def test_weighing_again_in_chunks_equals_comparing_again(seed, share, chunk, shuffle):
    feats = _book(seed)
    codes, pairs, first = first_pass_share(feats, seed, share)
    tables = compare.RunTables(feats, codes)
    columns = [*stage.SCORED_COLUMNS, "given_via"]
    compared = compare.score(first, feats, columns=columns, codes=codes, tables=tables)
    if shuffle:
        compared = compared.sample(fraction=1.0, shuffle=True, seed=seed)
    prior = compare.prior_weight(feats.height) + 1.5
    fresh = compare.score(pairs, feats, columns=stage.SCORED_COLUMNS, codes=codes, prior=prior)
    # many chunks of a small book (chunks of 1-63 pairs made the test a minute long for
    # nothing more: the same boundaries, only more of them)
    whole, compare.SCORE_CHUNK = compare.SCORE_CHUNK, chunk
    try:
        again = compare.score(pairs, feats, columns=stage.SCORED_COLUMNS, codes=codes,
                              prior=prior, compared=compared, tables=tables)
    finally:
        compare.SCORE_CHUNK = whole
    assert again.equals(fresh)
