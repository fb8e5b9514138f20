"""A book whose estimated prior is higher is weighed again, not compared again
(compare.score's `compared`, dedupe.stage.score_pairs): the pairs the first pass compared keep
their levels, only the pairs the second pass adds are compared, and every weight is the one a
comparison from scratch gives."""

from __future__ import annotations

import random

import polars as pl
from dedupe_support import first_pass_share, people_with_copies
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, compare, stage

GIVEN = ["ann", "anne", "ian", "jonny", "john", "maria", "marie", "bill", "william", None]
FAMILY = ["lee", "sugden", "garcia", "garcia lopez", "smith", None]


def _book(seed: int, people: int = 40) -> pl.DataFrame:
    """People with two to four records each (several records of each person raise the
    prior), drawn from few names so namesakes, nicknames (Bill / William), third-name links
    (Ian / Jonny), given-only and family-only records and one file's namesakes (the namesake
    cap) all occur."""
    def person(rng: random.Random, i: int) -> dict:
        return {"given_key": rng.choice(GIVEN), "family_key": rng.choice(FAMILY),
                "birthday_year": rng.choice([None, 1970 + i % 30]),
                "birthday_month": rng.choice([None, 1 + i % 12]), "birthday_day": 1 + i % 28}

    return people_with_copies(seed, people, person, (2, 4), 0.5, 0.3, GIVEN)


COLUMNS = stage.SCORED_COLUMNS


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.floats(0.0, 1.0), rise=st.floats(0.0, 4.0))
def test_weighing_again_equals_comparing_again(seed, share, rise):
    feats = _book(seed)
    codes, pairs, first = first_pass_share(feats, seed, share)
    assumed = compare.prior_weight(feats.height)
    tables = compare.RunTables(feats, codes)
    compared = compare.score(first, feats, columns=[*COLUMNS, "given_via"], codes=codes,
                             tables=tables)
    again = compare.score(pairs, feats, columns=COLUMNS, codes=codes, prior=assumed + rise,
                          compared=compared, tables=tables)
    fresh = compare.score(pairs, feats, columns=COLUMNS, codes=codes, prior=assumed + rise)
    assert again.equals(fresh)


def test_the_second_pass_compares_only_the_pairs_it_adds(monkeypatch):
    feats = _book(7, people=120)
    compared_rows = []
    real = compare._compared

    def counting(pairs, *args):
        compared_rows.append(pairs.height)
        return real(pairs, *args)

    monkeypatch.setattr(compare, "_compared", counting)
    scored, _ = stage.score_pairs(feats)
    assert len(compared_rows) == 2, compared_rows  # both passes
    assert scored["weight"].to_list() != compare.score(
        scored.select("l", "r", "rule"), feats)["weight"].to_list()  # the prior was raised
    _, first, counts = stage.blocked(feats)
    first, _ = blocking.with_loose(feats, first, counts, None)
    assert compared_rows[0] == first.height
    # every pair of the second pass compared once in all: the first pass's, then the new ones
    assert compared_rows[0] + compared_rows[1] == scored.height
    assert compared_rows[1] < scored.height
