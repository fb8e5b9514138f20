"""A census-style extract with one copy of some people (FEBRL 1, 2, 4: not a book of copies by
its prior) writes the copy with another given name beside the person's family name, street and
full birthday: the shape of twins at home. When the book's pairs of that shape, in three homes
or more, outnumber its households' pairs (one family name and street, two given names, two
clearly different birthdays), they are copies: twins are a few in a hundred of a household's
pairs. An address book with one pair of twins, or with more households than "twins", keeps
the given-name guard (docs/fake38.md). Invented people."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import features, prior
from pipeline.dedupe.stage import dedupe

# given names the nickname table knows, unrelated to each other: the guard refuses them
GIVEN = [("edward", "amelia"), ("oliver", "grace"), ("henry", "chloe"), ("thomas", "lucy"),
         ("george", "ruby"), ("samuel", "emily")]


def _person(i: int) -> dict:
    return {"given_key": f"given{i}", "family_key": f"family{i}", "street_key": f"{i} main st",
            "postcode_key": f"P{i}", "city": f"town {i}", "birthday_year": 1900 + i % 90,
            "birthday_month": 1 + i % 12, "birthday_day": 2 + i % 27}


def _home(k: int, given: str, **over) -> dict:
    """Someone of home k: family name, street, postcode, town and a full birthday."""
    return {"given_key": given, "family_key": f"quorrel{k}", "street_key": f"{k} ash lane",
            "postcode_key": f"Q{k}", "city": "ardley", "birthday_year": 1950 + k,
            "birthday_month": 5, "birthday_day": 10 + k, **over}


def _together(rows: list[dict], a: int, b: int) -> bool:
    out = dedupe(records(rows)).records.sort("record_id")["person_id"].to_list()
    return out[a] == out[b]


def _others(n: int = 300) -> list[dict]:
    return [_person(i) for i in range(n)]


def test_copies_with_a_replaced_given_name_join_in_a_census_extract():
    # four homes, each a record and its copy under another given name: main refused every
    # pair (clearly different given names), so each person stayed two
    pairs = [[_home(k, GIVEN[k][0]), _home(k, GIVEN[k][1])] for k in range(4)]
    rows = [r for p in pairs for r in p] + _others()
    assert all(_together(rows, 2 * k, 2 * k + 1) for k in range(4))


def test_one_pair_of_twins_in_an_address_book_stays_apart():
    rows = [_home(0, "edward"), _home(0, "amelia")] + _others()
    assert not _together(rows, 0, 1)


def test_more_households_than_twins_keep_the_guard():
    # three homes of twin-shaped pairs, and four homes of two people with different birthdays:
    # a book of households, where the twin-shaped pairs may be twins
    twins = [r for k in range(3) for r in (_home(k, GIVEN[k][0]), _home(k, GIVEN[k][1]))]
    homes = [r for k in range(10, 14) for r in (
        _home(k, GIVEN[k % 6][0]), _home(k, GIVEN[k % 6][1], birthday_year=1920 + k, birthday_month=9,
                                     birthday_day=3))]
    rows = twins + homes + _others()
    assert not any(_together(rows, 2 * k, 2 * k + 1) for k in range(3))


def _scored(levels: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame({
        "l": list(range(len(levels))), "r": [len(levels) + i for i in range(len(levels))],
        **{f"{f}_level": [row[i] for row in levels]
           for i, f in enumerate(("family", "street", "given", "birthday"))}},
        schema_overrides={"l": pl.UInt32, "r": pl.UInt32})


def test_twins_outnumber_households_counts_homes_and_households():
    feats = features.build(records([_home(k, "x") for k in range(8)] + [_home(0, "y")] * 8))
    twin = ("exact", "exact", "different", "exact")
    house = ("exact", "exact", "different", "different")
    assert prior.twins_outnumber_households(_scored([twin] * 3), feats)
    # fewer homes than TWIN_HOMES: triplets are one home, twins two
    assert not prior.twins_outnumber_households(_scored([twin] * 2), feats)
    # as many households' pairs as twin-shaped ones
    assert not prior.twins_outnumber_households(_scored([twin] * 3 + [house] * 3), feats)
    # another street or a nickname is no twin's shape
    assert not prior.twins_outnumber_households(
        _scored([("exact", "different", "different", "exact")] * 3
                + [("exact", "exact", "nickname", "exact")] * 3), feats)


def _shifted() -> list[dict]:
    """Martha Quorrel, and a copy with her name and postcode only and a birthday moved by
    years, month and day together (fake_1000's and FEBRL's shifts; not a typo)."""
    return [_home(5, "martha"), _home(5, "martha", birthday_year=1941, birthday_month=2,
                                      birthday_day=3, street_key=None, city=None)]


def test_a_copy_with_a_shifted_birthday_joins_in_a_census_extract():
    # the four homes' copies under other given names make the book a census extract: the
    # copy's birthday is weighed as different, not refused (main: "clearly different
    # birthdays", the link weighing ~4 bits)
    pairs = [[_home(k, GIVEN[k][0]), _home(k, GIVEN[k][1])] for k in range(4)]
    rows = _shifted() + [r for p in pairs for r in p] + _others()
    assert _together(rows, 0, 1)


def test_in_an_address_book_a_clearly_different_birthday_still_refuses():
    # the same pair with no census copies around it: a namesake (a father and his son without
    # a suffix) stays apart
    rows = _shifted() + _others()
    assert not _together(rows, 0, 1)
