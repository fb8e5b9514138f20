"""Evidence added for issue 12's 20,000-person books and the public sets: the job title."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import compare, features


def level(p: pl.DataFrame, field: str) -> str:
    return p[f"{field}_level"].cast(pl.String).item()


def _book(*pairs: tuple[dict, dict]) -> pl.DataFrame:
    """Each pair scored within one book of twenty other people with other titles."""
    rows = [{"given_key": f"g{i}", "family_key": f"f{i}", "title": f"title {i}"}
            for i in range(20)]
    for a, b in pairs:
        rows += [a, b]
    feats = features.build(records(rows))
    idx = dict(zip(feats["record_id"].to_list(), feats["idx"].to_list(), strict=True))
    ids = [f"r_{20 + i:04d}" for i in range(2 * len(pairs))]
    frame = pl.DataFrame({"l": [idx[i] for i in ids[0::2]], "r": [idx[i] for i in ids[1::2]],
                          "rule": ["test"] * len(pairs)},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    return compare.score(frame, feats)


def test_a_job_title_is_compared_as_words_and_weighs_by_its_rarity():
    left = {"given_key": "divya", "family_key": "singh", "org_key": "crescent",
            "title": "Sr. Data Engineer, Platform", "source": "linkedin"}
    p = _book((left, {**left, "org_key": "sirius", "title": "sr data engineer platform",
                      "source": "google"}),
              (left, {**left, "org_key": "sirius", "title": "Sales Director", "source": "google"}),
              (left, {**left, "org_key": "sirius", "title": None, "source": "google"}))
    same, other, missing = p[0], p[1], p[2]
    assert (level(same, "title"), level(other, "title"), level(missing, "title")) == (
        "exact", "different", "null")
    assert same["title_weight"].item() > 0 > other["title_weight"].item()
    assert missing["title_weight"].item() == 0
    # a different title costs less than a shared one gains: people are promoted and retitled
    assert same["title_weight"].item() > -other["title_weight"].item()
    assert same["weight"].item() > missing["weight"].item() > other["weight"].item()


def test_a_common_title_says_less_than_a_rare_one_and_never_counts_against():
    engineer = {"given_key": "a", "family_key": "b", "title": "Software Engineer"}
    rare = {"given_key": "c", "family_key": "d", "title": "Glassblower"}
    w = _book((engineer, engineer), (engineer, engineer), (rare, rare))["title_weight"].to_list()
    assert 0 < w[0] < w[2]
    # a title most of a small book shares: no evidence either way, not evidence against
    crowd = [{"given_key": f"g{i}", "family_key": "x", "title": "Engineer"} for i in range(4)]
    feats = features.build(records(crowd))
    pair = pl.DataFrame({"l": [0], "r": [1], "rule": ["t"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    assert compare.score(pair, feats)["title_weight"].item() == 0
