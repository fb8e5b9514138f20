"""Issue 12, third pass: the nickname pairs the package lists both ways, and the u of the
given name's two spelling bands measured on random pairs (docs/dedupe-quality.md)."""

from __future__ import annotations

import math

import polars as pl
from dedupe_support import records, scored_pair

from pipeline.dedupe import cluster, compare, features
from pipeline.dedupe.nicknames import share_group


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


# the largest u of each band over 300,000 random pairs of different people in each of seven
# labelled sets (bench/dedupe_measure.py mu; docs/dedupe-quality.md)
MEASURED_U = {"jw_high": 0.0015, "jw_mid": 0.0016}


def test_given_name_spelling_bands_weigh_as_measured():
    others = [{"given_key": f"g{i}", "family_key": f"f{i}"} for i in range(60)]
    rows = [*others,
            {"given_key": "katherine", "family_key": "oduya"},
            {"given_key": "katherien", "family_key": "oduya"},  # JW 0.98: jw_high
            {"given_key": "katrina", "family_key": "oduya"},  # JW 0.89: jw_mid
            {"given_key": "priyanka", "family_key": "oduya"}]  # different
    feats = features.build(records(rows))
    pairs = pl.DataFrame({"l": [60, 60, 60], "r": [61, 62, 63], "rule": ["t"] * 3},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    p = compare.score(pairs, feats)
    assert [str(v) for v in p["given_level"]] == ["jw_high", "jw_mid", "different"]
    high, mid, other = p["given_weight"].to_list()
    for band, weight in (("jw_high", high), ("jw_mid", mid)):
        m, u = compare.M["given"][band]
        assert math.isclose(weight, math.log2(m / u))
        # u no lower than the largest share measured on any labelled set (a random pair of
        # people's given names is this close at most 0.15% / 0.16% of the time), and not
        # far above it: the bands had u 0.004 and 0.02, which made them worth 0.6-3.9 bits
        assert MEASURED_U[band] <= u <= 1.5 * MEASURED_U[band]
    assert high > mid > 3 > 0 > other
