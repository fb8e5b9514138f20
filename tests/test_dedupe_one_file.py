"""A link of nothing but a name does not make one person of two cards in one file that share
nothing (pipeline/dedupe/one_file.py). gen3 and gen6 join namesakes so: one export's two
"Ana Ruiz" cards, each matched on the name alone by another export's "Ana Ruiz", became one
person through her (docs/prec38.md). Fictitious people, written for kith."""

from __future__ import annotations

import polars as pl
from dedupe_support import filler, records

from pipeline.dedupe import one_file
from pipeline.dedupe.stage import dedupe

VCARD = {"source": "vcard", "source_file": "phone_contacts.vcf"}
LINKEDIN = {"source": "linkedin", "source_file": "Connections.csv"}
OTHERS = [{**p, "source": "google", "source_file": "google_contacts.csv"} for p in filler(2000)]
# two people of one name on the phone's cards, each reached by an e-mail address of her own
GABE_1 = {"given_key": "gabe", "family_key": "vidal", "emails": ["gv.one@example.org"], **VCARD}
GABE_2 = {"given_key": "gabe", "family_key": "vidal", "emails": ["gv.two@example.net"], **VCARD}
GABRIEL = {"given_key": "gabriel", "family_key": "vidal", **LINKEDIN}


def people(rows: list[dict]) -> list[set[int]]:
    """Dedupe `rows` in a book that also holds 2,000 filler people; the groups of `rows` (by
    position) that came out as one person, each of two records or more."""
    out = dedupe(records([*rows, *OTHERS])).records.select("source_row", "person_id")
    groups: dict[str, set[int]] = {}
    for row, person in out.head(len(rows)).iter_rows():
        groups.setdefault(person, set()).add(row)
    return sorted((g for g in groups.values() if len(g) > 1), key=min)


def test_two_cards_of_one_file_do_not_join_through_a_name_alone():
    """The phone's two cards "Gabe Vidal" (two e-mail addresses) and LinkedIn's "Gabriel
    Vidal" with nothing else: the row may be either card's, but the file says the cards are
    two people (gen3's Gabe Vidal, docs/prec38.md). On main all three were one person."""
    found = people([GABE_1, GABE_2, GABRIEL])
    assert not any({0, 1} <= g for g in found), found
    assert len(found) == 1 and 2 in found[0]  # the row still joins one of the cards


def test_the_row_joins_the_card_it_shares_more_than_a_name_with():
    """The LinkedIn row carries the second card's e-mail address: it joins that card, and
    the first card (same file, nothing shared with the second) stays apart, where on main
    the row's name alone then pulled the first card in too."""
    assert people([GABE_1, GABE_2, {**GABRIEL, "emails": ["gv.two@example.net"]}]) == [{1, 2}]


def test_cards_that_share_a_number_or_are_linked_within_their_file_still_join():
    """Passes on main and branch: the rule asks for a link of a name alone across files and
    two cards of one file that share nothing."""
    number = {"phones": ["+447700900111"]}
    assert people([{**GABE_1, **number}, {**GABE_2, **number}, GABRIEL]) == [{0, 1, 2}]
    # the file's own two cards, "Gabe" and "Gabriel", linked to each other: the file's link
    assert people([GABE_1, {**GABRIEL, **VCARD, "emails": ["gv.two@example.net"]}]) == [{0, 1}]


def test_what_counts_as_more_than_a_name():
    p = pl.DataFrame({
        "file_code_l": [1, 1, 1, 1, 1], "file_code_r": [2, 2, 2, 1, 2],
        "given_level": ["exact"] * 5, "family_level": ["exact"] * 5,
        "email_level": [None, "exact", "different", None, None],
        "city_level": ["exact", None, None, None, None],
        "org_level": [None, None, "different", None, "jw_high"]})
    # a city, a middle name or a different e-mail are no more than the name; one file's
    # link is the file's own to judge
    assert one_file.name_only(p).to_list() == [True, False, True, False, False]
