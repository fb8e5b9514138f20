"""A job change is not evidence of two people. LinkedIn shows a connection's employer today;
an address-book card shows the one of the day it was typed. Across a LinkedIn row and another
export's card a different organisation is read as "different_dated" (m 0.23, the largest
share of such true pairs in the five generators, against 0.15 for two cards of one time),
where no third record carries the full name: a third bearer makes a namesake the likelier
reading, and there it weighs as the plain "different" (compare._dated_cap; gen5 20k: 42
wrongly joined pairs more than main without that condition, 10 with it; docs/recall35.md).
On main the pair below weighed 2.17, under the merge threshold 2.5; now 2.78. Fictitious
names; filler people from dedupe_support."""

from __future__ import annotations

import math

import polars as pl
from dedupe_support import filler, records

from pipeline.dedupe import compare, features
from pipeline.dedupe.model import M
from pipeline.dedupe.stage import dedupe
from pipeline.dedupe.thresholds import Thresholds

LINKEDIN = {"source": "linkedin", "source_file": "Connections.csv"}
VCARD = {"source": "vcard", "source_file": "contacts.vcf"}
GOOGLE = {"source": "google", "source_file": "contacts.csv"}
# today's employer on LinkedIn, the old one on the card typed years ago
NOW = {"given_key": "anna", "family_key": "ashvale", "org_key": "northwind", **LINKEDIN}
THEN = {"given_key": "anna", "family_key": "ashvale", "org_key": "contoso", **VCARD}
# other people called Anna (the given name is common in the book, the family name is not):
# they leave the pair within a bit of the merge threshold, as gen5's job changes at 20k
ANNAS = [{"given_key": "anna", "family_key": f"dorvel{i:02d}x"} for i in range(19)]


def _records(rows: list[dict]) -> pl.DataFrame:
    """records() with the export format, which says which file lists each person once."""
    return records(rows).with_columns(pl.Series("source_format", [
        "linkedin_connections" if r.get("source") == "linkedin" else "vcard_30"
        for r in rows], pl.String))


def _together(*rows: dict, others: list[dict] = ANNAS) -> list[bool]:
    """For each row after the first: is it the first row's person, in a 2,000-person book."""
    ids = dedupe(_records([*rows, *others, *filler(2_000)])).records.sort("record_id")
    return [ids["person_id"][i] == ids["person_id"][0] for i in range(1, len(rows))]


def _pair(a: dict, b: dict, *more: dict) -> pl.DataFrame:
    """a and b scored in the 2,000-person book with ANNAS and `more`."""
    feats = features.build(_records([a, b, *more, *ANNAS, *filler(2_000)]))
    idx = dict(zip(feats["record_id"].to_list(), feats["idx"].to_list(), strict=True))
    pair = pl.DataFrame({"l": [idx["r_0000"]], "r": [idx["r_0001"]], "rule": ["test"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    return compare.score(pair, feats)


def test_a_job_change_across_linkedin_and_a_card_joins():
    assert _together(NOW, THEN) == [True]


def test_the_dated_level_costs_less_than_a_difference_of_one_time():
    p = _pair(NOW, THEN)
    assert str(p["org_level"][0]) == "different_dated"
    dated, plain = M["org"]["different_dated"], M["org"]["different"]
    assert p["org_weight"][0] == math.log2(dated[0] / dated[1])
    assert p["org_weight"][0] > math.log2(plain[0] / plain[1])
    assert p["weight"][0] >= Thresholds().merge


def test_two_cards_of_address_books_differ_as_before():
    # a Google card and a vCard: neither says "today", so no job change is implied
    p = _pair(dict(NOW, **GOOGLE), THEN)
    assert str(p["org_level"][0]) == "different"
    assert p["weight"][0] < Thresholds().merge


def test_a_third_bearer_of_the_name_keeps_the_plain_difference():
    # the book's own card of the LinkedIn person, at today's employer: the card at the old
    # one is as likely a namesake as a stale job
    own = {"given_key": "anna", "family_key": "ashvale", "org_key": "northwind", **GOOGLE}
    p = _pair(NOW, THEN, own)
    plain = M["org"]["different"]
    assert p["org_weight"][0] == math.log2(plain[0] / plain[1])
    assert _together(NOW, own, THEN) == [True, False]


def test_namesakes_with_a_common_name_stay_apart():
    # Daniel Smith at two employers, a LinkedIn row and a card: the names are common in the
    # book, so the name alone is far from enough, job change or not
    common = ([{"given_key": "daniel", "family_key": f"kerrow{i:02d}y"} for i in range(40)]
              + [{"given_key": f"tobren{i:02d}z", "family_key": "smith"} for i in range(40)])
    now = {"given_key": "daniel", "family_key": "smith", "org_key": "northwind", **LINKEDIN}
    then = {"given_key": "daniel", "family_key": "smith", "org_key": "contoso", **VCARD}
    assert _together(now, then, others=common) == [False]
