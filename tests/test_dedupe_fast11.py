"""The second scoring pass of a book of copies blocks only the Rule.copies rules again
(blocking.with_copies): the same candidate pairs, first rules and per-rule counts as blocking
every rule again with copies=True (dedupe.stage.score_pairs, docs/fast11.md)."""

from __future__ import annotations

import random

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, features, stage

GIVEN = ["ann", "anne", "ian", "jon", "john", "maria", "marie", "bill", "william", None]
FAMILY = ["lee", "leigh", "sugden", "garcia", "garcia lopez", "smith", "smyth", None]
CITIES = ["leeds", "york", None]


def _book(seed: int, people: int, names: int) -> pl.DataFrame:
    """People with one to five records each, drawn from `names` given and family names (few
    names: blocks above their rule's cap, which copies=True keeps where they hold few distinct
    full names), with shared cities, birthdays, postcodes and e-mail addresses."""
    rng = random.Random(seed)
    rows = []
    for i in range(people):
        person = {"given_key": rng.choice(GIVEN[:names]), "family_key": rng.choice(FAMILY[:names]),
                  "city": rng.choice(CITIES), "postcode_key": rng.choice([None, "ls14ap", "yo17hh"]),
                  "birthday_year": rng.choice([None, 1970 + i % 5]),
                  "birthday_month": rng.choice([None, 1 + i % 3]), "birthday_day": 1 + i % 4}
        for k in range(rng.randint(1, 5)):
            row = dict(person, source_file=f"f{rng.randint(0, 2)}.csv")
            if rng.random() < 0.4:
                row["emails"] = [f"p{i}.{k % 2}@example.org"]
            if rng.random() < 0.2:
                row["given_key"] = rng.choice(GIVEN)
            rows.append(row)
    return features.build(records(rows))


def _both(feats: pl.DataFrame) -> tuple[tuple, tuple]:
    codes, first, counts = stage.blocked(feats)
    return (blocking.candidate_pairs(codes.features, copies=True),
            blocking.with_copies(codes.features, first, counts))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), people=st.integers(1, 90), names=st.integers(1, 9),
       at_once=st.booleans())
def test_blocking_the_copies_rules_again_equals_blocking_every_rule_again(
        seed, people, names, at_once):
    feats = _book(seed, people, names)
    old = blocking.ALL_AT_ONCE
    blocking.ALL_AT_ONCE = old if at_once else -1  # both ways of collecting the plans
    try:
        (pairs, counts), (mine, my_counts) = _both(feats)
    finally:
        blocking.ALL_AT_ONCE = old
    assert mine.equals(pairs)  # same pairs, same order, same first rule
    assert my_counts == counts


def test_copies_blocks_add_pairs_and_move_first_rules():
    """Not vacuous: in a book of many copies of few names, copies=True adds pairs and gives
    some pairs an earlier first rule than the first pass did."""
    feats = _book(3, people=60, names=2)
    codes, first, counts = stage.blocked(feats)
    (pairs, all_counts), (mine, my_counts) = _both(feats)
    assert mine.equals(pairs) and my_counts == all_counts
    assert pairs.height > first.height
    before = first.select("l", "r", pl.col("rule").alias("before"))
    moved = pairs.join(before, on=["l", "r"]).filter(pl.col("rule") != pl.col("before"))
    assert moved.height > 0
    assert any(all_counts[r.name] > counts[r.name] for r in blocking.RULES if r.copies)
    assert all(all_counts[r.name] == counts[r.name] for r in blocking.RULES if not r.copies)


def test_the_second_pass_blocks_only_the_copies_rules(monkeypatch):
    feats = _book(7, people=60, names=2)
    planned = []
    real = blocking.rule_plan

    def recording(features_, rule, copies=False):
        planned.append((rule.name, copies))
        return real(features_, rule, copies)

    monkeypatch.setattr(blocking, "rule_plan", recording)
    stage.score_pairs(feats)
    again = [name for name, copies in planned if copies]
    assert again, "the book's prior did not rise: no second pass"
    assert sorted(again) == sorted(r.name for r in blocking.RULES if r.copies)
    assert len(planned) == len(blocking.RULES) + len(again)
