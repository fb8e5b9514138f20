"""A small book affords looser blocking keys (blocking.LOOSE_RULES): a name's letters in any
order, given and family names crossed, and a birth year with its month; only while the book's
candidate pairs stay within blocking.PAIR_BUDGET."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import blocking, features, stage

LETTERS = next(r for r in blocking.LOOSE_RULES if r.name == "name_letters")
BIRTH_MONTH = next(r for r in blocking.LOOSE_RULES if r.name == "birth_month")


def _others(n: int = 40) -> list[dict]:
    return [{"given_key": f"given{i}", "family_key": f"family{i}", "city": f"town {i}",
             "birthday_year": 1900 + i, "birthday_month": 1 + i % 12, "birthday_day": 1 + i % 28}
            for i in range(n)]


def _codes(pairs: pl.DataFrame) -> set[tuple[int, int]]:
    return set(zip(pairs["l"].to_list(), pairs["r"].to_list(), strict=True))


# "Caleb Rowe" and "Rwoe Caleb": swapped and one name's letters transposed, a month apart,
# the town misspelt; no key of the other rules agrees (sound-alike codes differ, no name
# is equal, no birthday part pair is shared with a name)
CALEB = {"given_key": "caleb", "family_key": "rowe", "city": "liverpool",
         "birthday_year": 1992, "birthday_month": 11, "birthday_day": 20}
RWOE = {"given_key": "rwoe", "family_key": "caleb", "city": "lvpreool",
        "birthday_year": 1992, "birthday_month": 12, "birthday_day": 20}


def test_a_swapped_and_transposed_name_is_proposed_and_joined_in_a_small_book():
    rows = _others() + [CALEB, RWOE]
    feats = features.build(records(rows))
    a, b = len(rows) - 2, len(rows) - 1
    _, base, _ = stage.blocked(feats)
    assert (a, b) not in _codes(base)  # none of the other rules proposes them
    pairs, counts = blocking.with_loose(feats, base, {})
    assert (a, b) in _codes(pairs)
    assert counts["name_letters"] >= 1
    assert pairs.filter((pl.col("l") == a) & (pl.col("r") == b))["rule"].to_list() == [
        "name_letters"]
    result = stage.dedupe(records(rows))
    ids = result.records.sort("record_id")["person_id"].to_list()
    assert ids[a] == ids[b]
    assert len(set(ids)) == len(rows) - 1


def test_a_name_letters_block_crosses_given_and_family_names():
    rows = [{"given_key": "anna", "family_key": "tyalor"}, {"given_key": "taylor"},
            {"given_key": "rowe", "family_key": "naan"}, {"given_key": "bob", "family_key": "x"}]
    pairs = blocking.loose_pairs(features.build(records(rows)), LETTERS)
    found = {(c // blocking.PAIR_SHIFT, c % blocking.PAIR_SHIFT) for c in pairs["lr"]}
    # tyalor ~ taylor; anna ~ naan
    assert found == {(0, 1), (0, 2)}


# "Sofia Russell" and "Ruusesll" with no given name, born a day apart
SOFIA = [{"given_key": "sofia", "family_key": "russell", "birthday_year": 2014,
          "birthday_month": 9, "birthday_day": 3},
         {"family_key": "ruusesll", "birthday_year": 2014, "birthday_month": 9,
          "birthday_day": 4}]


def test_a_birth_year_and_month_are_a_key_and_a_large_block_is_skipped():
    two = SOFIA
    assert blocking.loose_pairs(features.build(records(two)), BIRTH_MONTH).height == 1
    crowd = [dict(two[0], given_key=f"g{i}") for i in range(BIRTH_MONTH.cap + 1)]
    assert blocking.loose_pairs(features.build(records(crowd)), BIRTH_MONTH).height == 0


def test_the_loose_rules_stay_within_the_pair_budget(monkeypatch):
    rows = _others() + [CALEB, RWOE] + SOFIA
    feats = features.build(records(rows))
    _, base, counts = stage.blocked(feats)
    # a book already past the budget computes nothing: its pairs are the rules' own
    monkeypatch.setattr(blocking, "PAIR_BUDGET", base.height)
    same, same_counts = blocking.with_loose(feats, base, counts)
    assert same is base and same_counts == counts
    # a rule whose pairs would pass the budget is left out, a later one that fits is kept
    letters = blocking.loose_pairs(feats, LETTERS).height
    months = blocking.loose_pairs(feats, BIRTH_MONTH).height
    assert letters > months > 0
    monkeypatch.setattr(blocking, "PAIR_BUDGET", base.height + months)
    pairs, more = blocking.with_loose(feats, base, counts)
    assert "name_letters" not in more and more["birth_month"] >= 1
    assert pairs.height == base.height + more["birth_month"]
    # within the budget both are kept, each pair once, in (l, r) order
    monkeypatch.setattr(blocking, "PAIR_BUDGET", 10 ** 6)
    pairs, more = blocking.with_loose(feats, base, counts)
    assert more["name_letters"] >= 1
    assert pairs.select("l", "r").is_unique().all()
    assert pairs.select(blocking.pair_code(pl.col("l"), pl.col("r"))).to_series().is_sorted()
