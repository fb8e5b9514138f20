"""A book of copies (several records of each person: Splink's historical_50k, FEBRL 3): a
given name that one or two of a person's records carry instead of the name on all the others
("charles" on one of William Deane's ten records: an alternative name, a nickname no table
holds) is that person's spelling, when the record shares his full birthday. A second person
there, a twin too, carries her name on copies of her own; in an address book (no copies) and
on a 1 January placeholder the given-name guard stays (docs/hist37.md). Invented people."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import conflicts, features
from pipeline.dedupe.stage import dedupe

COPIES = 6


def _person(i: int) -> dict:
    return {"given_key": f"given{i}", "family_key": f"family{i}", "city": f"town {i}",
            "postcode_key": f"PC{i}", "birthday_year": 1700 + i, "birthday_month": 3 + i % 9,
            "birthday_day": 2 + i % 26}


def _william(**over) -> dict:
    return {"given_key": "william", "family_key": "deane", "city": "york", "postcode_key": "YO1",
            "birthday_year": 1741, "birthday_month": 6, "birthday_day": 14, **over}


def _book(extra: list[dict], copies: int = COPIES, people: int = 60) -> list[dict]:
    """William Deane's `copies` records, `extra`, and `people` others with `copies` each."""
    rows = [_william() for _ in range(copies)] + extra
    return rows + [_person(i) for i in range(people) for _ in range(copies)]


def _with_williams(rows: list[dict]) -> list[bool]:
    """For each `extra` row (after William's copies): is it in William's cluster?"""
    out = dedupe(records(rows)).records.sort("record_id")["person_id"].to_list()
    first = out[0]
    n_williams = sum(1 for r in rows if r == _william())
    return [pid == first for pid in out[n_williams:n_williams + 10]]


def test_a_given_name_on_one_record_of_a_book_of_copies_joins_its_person():
    # "charles deane", once, with William's full birthday, town and postcode; main refused
    # it (clearly different given names) and settled it apart as a household
    rows = _book([_william(given_key="charles")])
    assert _with_williams(rows)[0] is True


def test_a_twin_with_copies_of_her_own_stays_apart():
    # Mary Deane: the same birthday, town and postcode, but her name on six records of her
    # own: a person, not a spelling
    mary = [_william(given_key="mary") for _ in range(COPIES)]
    rows = _book(mary)
    assert not any(_with_williams(rows)[:COPIES])


def test_in_an_address_book_the_guard_stays():
    # one record of each person (no copies): "charles deane" beside "william deane" with one
    # birthday and address is a twin at home as much as a spelling
    rows = _book([_william(given_key="charles")], copies=1, people=300)
    assert _with_williams(rows)[0] is False


def test_a_first_of_january_placeholder_is_no_shared_birthday():
    # year-only records put their date on 1 January: no personal identifier
    placeholder = {"birthday_month": 1, "birthday_day": 1}
    rows = [_william(**placeholder) for _ in range(COPIES)] + [
        _william(given_key="charles", **placeholder)] + [
        _person(i) for i in range(60) for _ in range(COPIES)]
    out = dedupe(records(rows)).records.sort("record_id")["person_id"].to_list()
    assert out[COPIES] != out[0]


def test_name_variants_counts_full_names_in_the_book():
    rows = ([{"given_key": "william", "family_key": "deane"}] * 4
            + [{"given_key": "charles", "family_key": "deane"}] * conflicts.VARIANT_NAME_RECORDS
            + [{"given_key": None, "family_key": "deane"}])
    got = conflicts.name_variants(features.build(records(rows)))
    assert got.dtype == pl.Boolean
    assert got.to_list() == [False] * 4 + [True] * conflicts.VARIANT_NAME_RECORDS + [False]
