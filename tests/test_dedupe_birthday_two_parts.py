"""Issue 12, session 29 (qual13): birthdays two digits apart in two parts of the date.

The birthday level "near" took every pair of full birthdays at most two digits apart (m 0.2,
u 0.004: 5.6 bits). Where the two digits sit in two parts of the date (year and day, month and
day: "1983-07-03" / "1983-09-23"), random pairs of different people are that close 1.0-1.5% of
the time on every labelled set, nearly four times the u, and one slip of the hand changes one
part. On RLdata10000 (9,000 people of common German names, names and birthdays only) that made
namesakes one person: precision 0.867. Such pairs are now "two_parts" (m 0.1, u 0.012: 3.1
bits), unless the two dates are within 45 days of each other ("1972-01-31" / "1972-02-01",
random pairs 0.05-0.13%). Names fictitious."""

from __future__ import annotations

import pytest
from dedupe_support import filler, scored_pair, together

from pipeline.dedupe.compare import M


def _level(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    def rec(d):
        return {"given_key": "thomas", "family_key": "meyer", "birthday_year": d[0],
                "birthday_month": d[1], "birthday_day": d[2]}
    return scored_pair(rec(a), rec(b))["birthday_level"][0]


@pytest.mark.parametrize(("a", "b"), [((1983, 7, 3), (1983, 9, 23)),   # month and day
                                      ((1962, 12, 29), (1963, 12, 28)),  # year and day
                                      ((1968, 1, 22), (1978, 4, 22))])  # year and month
def test_two_parts_apart(a, b):
    assert _level(a, b) == "two_parts"  # main: "near"


@pytest.mark.parametrize(("a", "b"), [((1983, 7, 3), (1983, 7, 8)),    # one digit
                                      ((1944, 7, 8), (1986, 7, 8)),    # two, both in the year
                                      ((1968, 7, 3), (1986, 7, 3)),    # the year's digits swapped
                                      ((1990, 3, 7), (1990, 7, 3)),    # day and month swapped
                                      ((1972, 1, 31), (1972, 2, 1))])  # two parts, a day apart
def test_still_near(a, b):
    assert _level(a, b) == "near"


def test_two_parts_weigh_less_than_near_and_still_for():
    m, u = M["birthday"]["two_parts"]
    near_m, near_u = M["birthday"]["near"]
    assert 1 < m / u < near_m / near_u


def test_namesakes_of_common_names_two_parts_apart_stay_two():
    """Thomas Meyer twice, birthdays in July and September of one year, in a book where a
    hundred others are called Thomas and a hundred Meyer: two people (main: one, the "near"
    birthday's 5.6 bits lifting a common name over the merge threshold). One digit apart
    they are still one person."""
    book = [{"given_key": "thomas", "family_key": f"{f['family_key']}x"} for f in filler(100)]
    book += [{"given_key": f"{f['given_key']}y", "family_key": "meyer"} for f in filler(100)]
    a = {"given_key": "thomas", "family_key": "meyer", "birthday_year": 1983,
         "birthday_month": 7, "birthday_day": 3}
    assert together(a, {**a, "birthday_month": 9, "birthday_day": 23}, *book) == [False] + \
        [False] * len(book)
    assert together(a, {**a, "birthday_day": 8}, *book)[0] is True
