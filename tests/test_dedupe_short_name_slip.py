"""Issue 12, session 29 (qual13): a slip on a three-letter given name beside one birthday.

The given-name conflict excuses no edit in a name of three letters (Tom / Tim are two names).
FEBRL 2-4 hold true pairs such as Amy / Any, Roy / Rxy, Zac / Zqc, Wil / Wio with the same
full birthday, street and postcode, refused as "clearly different given names" (about 30
pairs). One letter apart, the same length, one of the two a name the nickname table knows and
the other not, and one full birthday on both: a slip, not another person. Without the birthday
two names at one address are siblings (Ava / Eva: the table lacks Ava). Names fictitious."""

from __future__ import annotations

import pytest
from dedupe_support import together

HOME = {"family_key": "quellmann", "street_key": "17 harrow lane", "postcode_key": "4207",
        "city": "woongarra"}
BORN = {"birthday_year": 1971, "birthday_month": 3, "birthday_day": 9}


@pytest.mark.parametrize(("name", "slip"), [("amy", "any"), ("roy", "rxy"), ("zac", "zqc")])
def test_a_slip_beside_one_birthday_and_home_is_one_person(name, slip):
    """main: two people, refused as clearly different given names."""
    card = {**HOME, **BORN, "given_key": name}
    assert together(card, {**card, "given_key": slip, "source": "vcard"}) == [True]


def test_two_names_the_table_knows_stay_two():
    card = {**HOME, **BORN, "given_key": "tom"}
    assert together(card, {**card, "given_key": "tim", "source": "vcard"}) == [False]


def test_without_the_birthday_two_names_at_one_home_stay_two():
    card = {**HOME, "given_key": "eva"}
    assert together(card, {**card, "given_key": "ava", "source": "vcard"}) == [False]


def test_a_different_birthday_is_no_excuse():
    card = {**HOME, **BORN, "given_key": "amy"}
    other = {**card, "given_key": "any", "birthday_year": 1974, "source": "vcard"}
    assert together(card, other) == [False]
