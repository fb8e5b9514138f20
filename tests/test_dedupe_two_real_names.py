"""Session 28 (qual10): a brother's and a sister's names on one line of kith's nickname table.

Found on a real file (fictitious names of the same shape here): a roster of candidates with no
e-mail, phone or address held "Andrew Davis" and "Andrea L. Davis", two people, joined on names
alone (docs/realworld21.md T9): kith's table (pipeline/data/nicknames.csv) had Andrea on
Andrew's line, for the Italian man's name, where an English, German, Spanish or Czech Andrea is
a woman. The table's own rule is that a line lists no two names two people of one family carry
(docs/dedupe-quality.md, session 26); Gabriel's line held Gabriela and Gabrielle the same way.
Both have lines of their own now; the ambiguous short forms (Andy, Gaby, Gabi) stand for each."""

from __future__ import annotations

import pytest
from dedupe_support import scored_pair, together

from pipeline.dedupe.nicknames import share_group

# a roster the size of a small one
ROSTER = 400


def person(given: str, family: str = "pemberton-lyle", **more) -> dict:
    return {"given_key": given, "family_key": family, **more}


def test_andrew_and_andrea_stay_two_people():
    """Two candidates of a roster, one with a middle initial (on main: one person)."""
    andrea = person("andrea", middle_name="L.")
    assert together(person("andrew"), andrea, book=ROSTER) == [False]


@pytest.mark.parametrize(("a", "b"), [("andrew", "andrea"), ("gabriel", "gabriela"),
                                      ("gabriel", "gabrielle")])
def test_a_brother_and_sister_names_share_no_group(a, b):
    assert not share_group(a, b)
    assert scored_pair(person(a), person(b))["given_level"][0] == "different"


@pytest.mark.parametrize(("a", "b"), [("andy", "andrew"), ("andy", "andrea"),
                                      ("gaby", "gabriel"), ("gaby", "gabriela"),
                                      ("gabi", "gabrielle"), ("gabe", "gabriel"),
                                      ("andi", "andrea")])
def test_short_forms_still_join_each_name(a, b):
    """A short form beside a full name it stands for, nothing else on either: one person."""
    assert share_group(a, b)
    assert together(person(a), person(b), book=ROSTER) == [True]
