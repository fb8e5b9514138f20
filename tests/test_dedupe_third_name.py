"""Session 28 (qual10): two records with nothing but a name must not join through a nickname
chain.

Found on a real file (fictitious names of the same shape here): a wedding's guest list with
no e-mail, phone or address held "Ian Sugden" and "Jonny Sugden", two members of one family,
joined on names alone because Ian and Jonny are both forms of John (docs/realworld22.md W4).
A given name linked to the other only through a third name now says nothing when nothing else
agrees (dedupe/third_name.py): the pair goes to review. A short form beside its own name, a
start of the other, a spelling or a typo join as before."""

from __future__ import annotations

import polars as pl
import pytest
from dedupe_support import filler, records, together

from pipeline.dedupe.stage import dedupe

# a book the size of the family list the Sugden pair came from
FAMILY_LIST = 105


def person(given: str, family: str = "hebblethwaite", **more) -> dict:
    return {"given_key": given, "family_key": family, **more}


def test_two_short_forms_of_one_name_stay_two_people():
    """Ian and Jonny are both John's; nothing else on either record (on main: one person)."""
    assert together(person("ian"), person("jonny"), book=FAMILY_LIST) == [False]
    assert together(person("ian"), person("jonny")) == [False]


def test_the_pair_is_left_for_review_not_settled():
    """The given name's weight is capped at 0, so surname and prior decide: a rare surname
    in a family list puts the pair in the review band (main: above the merge threshold)."""
    result = dedupe(records([person("ian"), person("jonny"), *filler(FAMILY_LIST)]))
    pair = result.pairs.filter((pl.col("record_id_l") == "r_0000")
                               & (pl.col("record_id_r") == "r_0001"))
    assert pair["given_level"].to_list() == ["nickname"]
    assert pair["outcome"].to_list() == ["review"]
    assert result.review.height >= 1


def test_a_shared_town_is_no_reason_to_join_them():
    """Brothers live in one town: a town is no personal identifier."""
    a, b = person("ian", city="Harrogate"), person("jonny", city="Harrogate")
    assert together(a, b, book=FAMILY_LIST) == [False]


@pytest.mark.parametrize("shared", [
    {"phones": ["+447700900123"]},
    {"emails": ["ian.hebblethwaite@example.org"]},
    {"birthday_year": 1981, "birthday_month": 4, "birthday_day": 17},
    {"street_key": "12 moor lane", "postcode_key": "hg1 2ab"},
])
def test_anything_else_in_common_lifts_the_cap(shared):
    """One person under two short forms, with one thing more in common, joins as before."""
    assert together(person("ian", **shared), person("jonny", **shared),
                    book=FAMILY_LIST) == [True]


@pytest.mark.parametrize(("a", "b"), [
    ("bill", "william"),   # a short form beside the name it stands for
    ("jonny", "john"),
    ("ian", "john"),       # a form of the name in another language
    ("andy", "andrew"),
    ("gabe", "gabriel"),
    ("chris", "christine"),  # one is the start of the other
    ("kate", "katie"),     # spelled alike
    ("johnny", "ian"),     # Johnny is a spelling of John, which Ian stands for
    ("jonathan", "jonathna"),  # a typo
    ("carl", "karl"),      # two spellings of one name (both on Charles's line)
])
def test_true_pairs_with_nothing_but_names_still_join(a, b):
    assert together(person(a), person(b), book=FAMILY_LIST) == [True]


def test_via_only_reads_the_records_groups():
    """The shape alone: Ian / Jonny through John; not Bill / William (William is Bill's
    formal name), not Chris / Christine (a start), not Sepp / Joseph."""
    from pipeline.dedupe.third_name import _via_only  # (not on main)

    assert _via_only("ian", "jonny", ["john"], ["john", "jonathan"])
    assert not _via_only("bill", "william", ["robert", "william"], ["william"])
    assert not _via_only("chris", "christine", ["christina", "christopher"], ["christina"])
    assert not _via_only("sepp", "joseph", ["joseph"], ["joseph"])
    assert not _via_only("carl", "karl", ["charles"], ["charles"])  # one edit: a spelling
    assert _via_only("jack", "juan", ["john"], ["john"])  # two edits in four letters
