"""A name written family first weighs what the same name written in order weighs
(pipeline/dedupe/swap_weight.py). It weighed a fixed 9.2 bits for the swapped family name plus
the rarer of the two given names' frequencies ("smith" is a rare given name), so "Smith, Amy"
on one card and another person's "Amy Smith" merged where two cards "Amy Smith" did not (gen6
20k: "Carter Kimberly" / Kimberly Carter; docs/prec38.md). Fictitious people, written for
kith."""

from __future__ import annotations

from dedupe_support import filler, invented_word, scored_in_book

from pipeline.dedupe import swap_weight
from pipeline.dedupe.prior import COPIES_BITS
from pipeline.dedupe.tables import prior_weight
from pipeline.dedupe.thresholds import Thresholds

# a book where Amy is a common given name and Smith a common family name
BOOK = [*filler(2000),
        *({"given_key": "amy", "family_key": invented_word(i, 6)} for i in range(30)),
        *({"given_key": invented_word(i + 99, 4), "family_key": "smith"} for i in range(40))]
LINKEDIN = {"given_key": "amy", "family_key": "smith", "source": "linkedin",
            "source_file": "Connections.csv"}
OUTLOOK = {"source": "outlook", "source_file": "outlook.csv"}


def _weights() -> tuple[float, float]:
    """(the name in order, the name written family first), each against LinkedIn's row."""
    p = scored_in_book(((LINKEDIN, {"given_key": "amy", "family_key": "smith", **OUTLOOK}),
                        (LINKEDIN, {"given_key": "smith", "family_key": "amy", **OUTLOOK})),
                       BOOK)
    assert [str(v) for v in p["family_level"]] == ["exact", "swapped"]
    return p["weight"][0], p["weight"][1]


def test_a_common_name_written_family_first_weighs_no_more_than_in_order():
    """Fails on main: the swapped card weighed about 9 bits more than the same name in order,
    enough to merge two people who share nothing but a common name."""
    in_order, swapped = _weights()
    assert swapped <= in_order + 1e-9
    assert swapped < Thresholds().merge


def test_a_rare_name_written_family_first_still_merges():
    """Passes on main and branch: a name only these two cards carry is evidence however it
    is written."""
    rare = {"given_key": "zuleika", "family_key": "okonkwo-baptiste"}
    p = scored_in_book(((
        {**rare, "source": "linkedin", "source_file": "Connections.csv"},
        {"given_key": rare["family_key"], "family_key": rare["given_key"], **OUTLOOK}),), BOOK)
    assert str(p["family_level"][0]) == "swapped"
    assert p["weight"][0] >= Thresholds().merge


def test_not_in_a_book_of_copies():
    """Census extracts and Splink's fake_1000 swap names on one copy of one person: there the
    swap keeps its own weight (the prior the pairs imply says which book it is)."""
    n = 50_000
    assert swap_weight.applies(None, n)
    assert swap_weight.applies(prior_weight(n) + 0.5, n)
    assert not swap_weight.applies(prior_weight(n) + COPIES_BITS + 0.1, n)
