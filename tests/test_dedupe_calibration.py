"""Issue 12, third pass: the nickname pairs the package lists both ways, and why the given
name's two spelling bands do not take the u measured on random pairs (docs/dedupe-quality.md)."""

from __future__ import annotations

import polars as pl
from dedupe_support import records, scored_pair

from pipeline.dedupe import cluster, compare, features
from pipeline.dedupe.nicknames import share_group
from pipeline.dedupe.stage import Thresholds

MERGE = Thresholds().merge


def test_nicknames_the_package_lists_both_ways_are_one_group():
    # "sandy" and "missy" are formal names in the package too (it lists Sandy -> Sandra as
    # well as Sandra -> Sandy); they were left out and became different names
    assert share_group("sandy", "sandra") and share_group("missy", "melissa")
    assert share_group("sandy", "alexander")  # kith's own group still holds
    # a variant listed one way only that is a formal name of its own stays apart
    assert not share_group("peter", "patrick")
    assert not share_group("nicole", "nicholas")


def _refusal(left: dict, right: dict) -> str | None:
    return cluster.pair_conflicts(scored_pair(left, right), 10.0).to_list()[0]


def test_sandra_and_sandy_with_one_phone_and_birthday_are_not_different_given_names():
    """synth at 20,000 people: Sandra / Sandy Gonzalez, one employer, one birthday, one number,
    weight 33.7, refused as 'clearly different given names'."""
    shared = {"family_key": "gonzalez", "org_key": "trident bank", "phones": ["+15125550101"],
              "birthday_year": 1983, "birthday_month": 4, "birthday_day": 24}
    assert _refusal({"given_key": "sandra", **shared},
                    {"given_key": "sandy", **shared, "source_file": "g.csv"}) is None
    # two given names that stand for nothing in common are still two people
    assert _refusal({"given_key": "sandra", **shared},
                    {"given_key": "melissa", **shared, "source_file": "g.csv"}) == \
        "clearly different given names"


def test_two_people_with_both_names_a_letter_apart_and_their_own_addresses_stay_apart():
    # Measured on random pairs, the spelling bands' u is 0.0015 / 0.0016; used as such, two
    # people of one file whose given and family names are each a letter apart (and whose
    # e-mail addresses differ) outweighed a 100-record book's prior and became one person.
    others = [{"given_key": f"g{i}", "family_key": f"f{i}"} for i in range(98)]
    rows = [*others,
            {"given_key": "newpersonb", "family_key": "nightly1",
             "emails": ["new.person.1@example.org"]},
            {"given_key": "newpersong", "family_key": "nightly6",
             "emails": ["new.person.6@example.org"]}]
    feats = features.build(records(rows))
    pairs = pl.DataFrame({"l": [98], "r": [99], "rule": ["t"]},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    p = compare.score(pairs, feats)
    # (nightly1 / nightly6: names whose digits differ are no typo of each other since the
    # numbered placeholders of docs/realworld-xlsx.md)
    assert [str(p["given_level"][0]), str(p["family_level"][0])] == ["jw_high", "different"]
    assert p["weight"][0] < MERGE
