"""A card with no name that shares only the household's postal address with a member is the
household's, not that member's (pipeline/dedupe/one_home.py): gen3's phone-only cards joined
one member of their household at 15-20 bits through the street, postcode and town alone
(docs/prec35.md). Fictitious people and addresses, written for kith."""

from __future__ import annotations

import functools

from dedupe_support import filler, records, scored_in_book

from pipeline.dedupe.stage import dedupe

HOME = {"street_key": "12 elm road", "postcode_key": "94110", "city": "springfield"}
BORN = {"birthday_year": 1971, "birthday_month": 6, "birthday_day": 9}
ANNA = {"given_key": "anna", "family_key": "berg", **HOME, **BORN,
        "emails": ["anna.berg@example.com"], "source_file": "a.csv"}
KYLE = {"given_key": "kyle", "family_key": "berg", **HOME, "emails": ["kyle.berg@example.com"],
        "source_file": "a.csv"}
CARD = {**HOME, "phones": ["+441632960777"], "source_file": "phone.vcf"}


@functools.cache
def neighbours(n: int = 400) -> tuple[dict, ...]:
    """People with addresses of their own: a shared address is then rare, and weighs."""
    return tuple({**p, "street_key": f"{i} oak street", "postcode_key": f"{10000 + i}",
                  "city": f"town {i % 40}"} for i, p in enumerate(filler(n)))


def joined(card: dict) -> list[bool]:
    """Whether the card is Anna's person, and whether it is Kyle's."""
    ids = dedupe(records([card, ANNA, KYLE, *neighbours()])).records.sort("record_id")
    person = ids["person_id"].to_list()
    return [person[1] == person[0], person[2] == person[0]]


def in_book(left: dict, right: dict):
    return scored_in_book(((left, right),), list(neighbours()))


def test_a_nameless_card_at_the_households_address_joins_no_member():
    """Fails on main: the address alone joined the card to one of them."""
    assert joined(CARD) == [False, False]


def test_the_address_weighs_nothing_without_a_name_but_still_with_one():
    nameless = in_book(ANNA, CARD)
    assert nameless["street_weight"][0] == 0.0 and nameless["postcode_weight"][0] == 0.0
    named = in_book(ANNA, {**CARD, "given_key": "anna", "family_key": "berg"})
    assert named["street_weight"][0] > 0.0 and named["postcode_weight"][0] > 0.0


def test_a_birthday_tells_the_member_and_the_card_still_joins():
    assert joined({**CARD, **BORN}) == [True, False]
    assert in_book(ANNA, {**CARD, **BORN})["street_weight"][0] > 0.0
