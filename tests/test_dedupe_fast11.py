"""The second scoring pass of a book of copies blocks only the Rule.copies rules again
(blocking.with_copies): the same candidate pairs, first rules and per-rule counts as blocking
every rule again with copies=True (dedupe.stage.score_pairs, docs/fast11.md). The widest
copies rule (blocking.WIDE_COPIES) keeps its cap unless the prior rose by prior.COPIES_BITS."""

from __future__ import annotations

import random

import polars as pl
from dedupe_support import people_with_copies
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, compare, prior, stage

GIVEN = ["ann", "anne", "ian", "jon", "john", "maria", "marie", "bill", "william", None]
FAMILY = ["lee", "leigh", "sugden", "garcia", "garcia lopez", "smith", "smyth", None]
CITIES = ["leeds", "york", None]


def _book(seed: int, people: int, names: int) -> pl.DataFrame:
    """People with one to five records each, drawn from `names` given and family names (few
    names: blocks above their rule's cap, which copies=True keeps where they hold few distinct
    full names), with shared cities, birthdays, postcodes and e-mail addresses."""
    def person(rng: random.Random, i: int) -> dict:
        return {"given_key": rng.choice(GIVEN[:names]), "family_key": rng.choice(FAMILY[:names]),
                "city": rng.choice(CITIES), "postcode_key": rng.choice([None, "ls14ap", "yo17hh"]),
                "birthday_year": rng.choice([None, 1970 + i % 5]),
                "birthday_month": rng.choice([None, 1 + i % 3]), "birthday_day": 1 + i % 4}

    return people_with_copies(seed, people, person, (1, 5), 0.4, 0.2, GIVEN)


def _every_rule_again(feats: pl.DataFrame, wide: bool) -> tuple[pl.DataFrame, dict]:
    """Every rule blocked from scratch, the copies rules with copies=True (but the
    WIDE_COPIES ones unless `wide`): the second pass's blocking before with_copies."""
    frames = [blocking.rule_pairs(feats, rule, copies=rule.copies and (
        wide or rule.name not in blocking.WIDE_COPIES)) for rule in blocking.RULES]
    counts = {rule.name: p.height for rule, p in zip(blocking.RULES, frames, strict=True)}
    return blocking.first_rules(frames), counts


def _both(feats: pl.DataFrame, wide: bool = True) -> tuple[tuple, tuple]:
    codes, first, counts = stage.blocked(feats)
    return (_every_rule_again(codes.features, wide),
            blocking.with_copies(codes.features, first, counts, wide))


def test_every_rule_again_is_candidate_pairs_with_copies():
    feats = _book(3, people=60, names=2)
    codes, _, _ = stage.blocked(feats)
    pairs, counts = blocking.candidate_pairs(codes.features, copies=True)
    mine, my_counts = _every_rule_again(codes.features, wide=True)
    assert mine.equals(pairs) and my_counts == counts


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), people=st.integers(1, 90), names=st.integers(1, 9),
       at_once=st.booleans(), wide=st.booleans())
def test_blocking_the_copies_rules_again_equals_blocking_every_rule_again(
        seed, people, names, at_once, wide):
    feats = _book(seed, people, names)
    old = blocking.ALL_AT_ONCE
    blocking.ALL_AT_ONCE = old if at_once else -1  # both ways of collecting the plans
    try:
        (pairs, counts), (mine, my_counts) = _both(feats, wide)
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


def _blocked_again(monkeypatch, rise: float | None) -> list[str]:
    """The rules score_pairs blocks with copies=True, the estimated prior `rise` bits above
    the assumed one (None: as estimated)."""
    feats = _book(7, people=60, names=2)
    planned = []
    real_plan, real_estimate = blocking.rule_plan, prior.estimate

    def recording(features_, rule, copies=False):
        planned.append((rule.name, copies))
        return real_plan(features_, rule, copies)

    def estimate(weights, n, assumed, floor=True):
        return real_estimate(weights, n, assumed, floor) if rise is None else assumed + rise

    monkeypatch.setattr(blocking, "rule_plan", recording)
    monkeypatch.setattr(prior, "estimate", estimate)
    stage.score_pairs(feats)
    again = [name for name, copies in planned if copies]
    assert len(planned) == len(blocking.RULES) + len(again)  # the others blocked once
    return again


def test_the_second_pass_blocks_only_the_copies_rules(monkeypatch):
    copies_rules = {r.name for r in blocking.RULES if r.copies}
    assert set(_blocked_again(monkeypatch, None)) <= copies_rules
    assert _blocked_again(monkeypatch, 0.1) == []  # no second pass
    # an address book's rise (gen3, gen4: +0.4-0.6 bits): the widest rule keeps its cap
    assert set(_blocked_again(monkeypatch, 0.5)) == copies_rules - blocking.WIDE_COPIES
    # a book of many copies (FEBRL 3 +1.4, fake_1000 +1.7, historical_50k +3.1)
    assert set(_blocked_again(monkeypatch, 1.5)) == copies_rules


def test_an_address_books_second_pass_leaves_out_the_wide_copies_blocks():
    """Scored pairs of a book weighed again at +0.5 bits: the WIDE_COPIES rule proposes only
    the pairs of its capped blocks."""
    feats = _book(0, people=12, names=3)
    codes, first, counts = stage.blocked(feats)
    narrow, narrow_counts = blocking.with_copies(codes.features, first, counts, wide=False)
    wide, wide_counts = blocking.with_copies(codes.features, first, counts, wide=True)
    for name in blocking.WIDE_COPIES:
        assert narrow_counts[name] == counts[name] < wide_counts[name]
    assert narrow.height < wide.height
    assumed = compare.prior_weight(feats.height)
    assert assumed + prior.RESCORE_BITS < assumed + 0.5 <= assumed + prior.COPIES_BITS
