"""A book with several records of each person (a census extract; Splink's historical_50k holds
ten records per person): blocks of copies of a few people may exceed a rule's cap there (not
in an address book), and two 1 January placeholders of different or missing years are no
birthday evidence."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_in_book

from pipeline.dedupe import blocking, features, stage

NAME_RULE = next(r for r in blocking.RULES if r.name == "name")
CITY_GIVEN = next(r for r in blocking.RULES if r.name == "city_given")


def _pairs(rows: list[dict], rule: blocking.Rule, copies: bool = True) -> int:
    return blocking.rule_pairs(features.build(records(rows)), rule, copies).height


def test_a_block_of_copies_of_a_few_people_is_kept_up_to_twice_the_cap():
    # 25 records of "william deane" in one town: above the name rule's cap of 15, one name
    copies = [{"given_key": "william", "family_key": "deane", "city": "york"}] * 25
    assert len(copies) > NAME_RULE.cap
    assert _pairs(copies, NAME_RULE) == 25 * 24 // 2
    # in an address book (no copies) the cap holds
    assert _pairs(copies, NAME_RULE, copies=False) == 0
    # past twice the cap the block is skipped, copies or not
    many = copies * 2
    assert len(many) > blocking.COPIES_FACTOR * NAME_RULE.cap
    assert _pairs(many, NAME_RULE) == 0


def test_a_large_block_of_many_people_is_still_skipped():
    # 20 Williams of 20 families in one town: 20 distinct full names, above the cap of 15
    namesakes = [{"given_key": "william", "family_key": f"family{i}", "city": "york"}
                 for i in range(20)]
    assert _pairs(namesakes, CITY_GIVEN) == 0
    # the same town with 20 records of 10 people (two copies each): 10 names, kept
    copies = namesakes[:10] * 2
    assert _pairs(copies, CITY_GIVEN) == 20 * 19 // 2


def test_rules_on_identifiers_keep_their_cap():
    # a shared switchboard number is not a block of copies, however few names it holds
    phone = next(r for r in blocking.RULES if r.name == "phone")
    assert not phone.copies
    rows = [{"given_key": "ann", "family_key": "lee", "phones": ["+441234567890"]}] * (
        phone.cap + 1)
    assert _pairs(rows, phone) == 0


def _deanes() -> list[dict]:
    """Twenty William Deanes of twenty towns: one name block above the cap."""
    return [{"given_key": "william", "family_key": "deane", "city": f"place {i}"}
            for i in range(20)]


def test_a_book_of_copies_keeps_its_blocks_of_copies_and_an_address_book_does_not():
    people = [{"given_key": f"g{i}", "family_key": f"f{i}", "city": f"town {i}",
               "birthday_year": 1800 + i, "birthday_month": 5, "birthday_day": 1 + i % 28}
              for i in range(40)]
    # five records of each person: the pairs imply a prior well above -log2(N)
    _, counts = stage.score_pairs(features.build(records(
        [p for p in people for _ in range(5)] + _deanes())))
    assert counts["name"] == 40 * (5 * 4 // 2) + 20 * 19 // 2  # copies, and the Deanes
    # one record of each: the name block of twenty Deanes stays skipped
    _, counts = stage.score_pairs(features.build(records(people + _deanes())))
    assert counts["name"] == 0


def _birthday_level(a: dict, b: dict) -> str:
    others = [{"given_key": f"g{i}", "family_key": f"f{i}", "city": f"town {i}"}
              for i in range(60)]
    p = scored_in_book([(a, b)], others)
    return str(p["birthday_level"][0])


def _born(year: int | None, month: int, day: int) -> dict:
    return {"given_key": "joyn", "family_key": "jenkins", "birthday_year": year,
            "birthday_month": month, "birthday_day": day}


def test_two_first_of_january_placeholders_of_different_years_say_nothing():
    assert _birthday_level(_born(1807, 1, 1), _born(1807, 1, 1)) == "jan_first"
    # the year-only placeholder: a year apart, or the year missing on one side
    assert _birthday_level(_born(1807, 1, 1), _born(1808, 1, 1)) == "null"
    assert _birthday_level(_born(1807, 1, 1), _born(None, 1, 1)) == "null"
    # any other day and month still count as before
    assert _birthday_level(_born(1807, 3, 9), _born(None, 3, 9)) == "month_day"
    assert _birthday_level(_born(1807, 3, 9), _born(1808, 3, 9)) == "near"


def test_a_first_of_january_placeholder_no_longer_joins_two_records_of_a_given_name():
    # "joyn" with no family name, 1 January and no year, beside two people of that given name
    lone = {"given_key": "joyn", "family_key": None, "birthday_month": 1, "birthday_day": 1}
    p = scored_in_book([(lone, _born(1807, 1, 1))],
                       [{"given_key": f"g{i}", "family_key": f"f{i}"} for i in range(60)])
    assert str(p["birthday_level"][0]) == "null"
    assert pl.Series(p["birthday_weight"]).fill_null(0.0)[0] == 0.0
