"""A name written family first ("Hu Xueyang" on a phone card) agrees swapped with "Xueyang Hu":
the namesake cap must reach that pair too. When LinkedIn's connections file (one row a person)
lists two Xueyang Hus, a third card under the name says no more than 1-in-(k-1), whichever
order it writes the name in. On main the cap read only pairs whose names agree in the same
order, and a swapped pair weighed a fixed 9.2 bits for the swap whatever the namesakes (gen3
at 100,000 people: 1,198 swapped pairs whose name a file shows twice, 22% one person, 901 of
them merged; docs/qual12.md). Other files' counts do not cap a swap: a file of one person's
copies with misspelt addresses counts them as namesakes (Splink's fake_1000). Fictitious
names."""

from __future__ import annotations

import polars as pl
from dedupe_support import filler, records

from pipeline.dedupe import compare, features
from pipeline.dedupe.stage import dedupe
from pipeline.dedupe.thresholds import Thresholds

LINKEDIN = {"source": "linkedin", "source_file": "Connections.csv"}
XUEYANG = {"given_key": "xueyang", "family_key": "hu", **LINKEDIN}
# the same name written family first on a phone card
CARD = {"given_key": "hu", "family_key": "xueyang", "source": "vcard", "source_file": "c.vcf"}
# two Google cards of the name with two numbers: namesakes to `namesakes`, not one-per-person
GOOGLE = [{"given_key": "xueyang", "family_key": "hu", "phones": [f"+1555010000{i}"]}
          for i in (1, 2)]


def _records(rows: list[dict]) -> pl.DataFrame:
    """records() with the export format, which says which file lists each person once."""
    return records(rows).with_columns(pl.Series("source_format", [
        "linkedin_connections" if r.get("source") == "linkedin" else "google_current"
        for r in rows], pl.String))


def _pair(others: list[dict], plain: bool = False) -> pl.DataFrame:
    """The card and the first LinkedIn row, scored in a book of filler and `others`."""
    rows = [CARD, dict(XUEYANG), *others, *filler(2_000)]
    feats = features.build(_records(rows))
    idx = dict(zip(feats["record_id"].to_list(), feats["idx"].to_list(), strict=True))
    pair = pl.DataFrame({"l": [idx["r_0000"]], "r": [idx["r_0001"]], "rule": ["test"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    if plain:  # without the run's tables: the counts joined per side instead of gathered
        return compare._score_chunk(pair, feats, None)
    return compare.score(pair, feats)


def _together(*rows: dict) -> list[bool]:
    ids = dedupe(_records([*rows, *filler(3_000)])).records.sort("record_id")["person_id"]
    return [ids[i] == ids[0] for i in range(1, len(rows))]


def test_a_swapped_pair_is_capped_by_the_connections_files_namesakes():
    p = _pair([dict(XUEYANG)])  # LinkedIn lists two Xueyang Hus: two people
    assert (str(p["given_level"][0]), str(p["family_level"][0])) == ("exact", "swapped")
    # k = 2: the names alone make it 1-in-1, a weight of 0 (log2 odds), far below a merge
    assert abs(p["weight"][0]) < 1e-6


def test_the_plain_scoring_path_caps_the_same():
    assert abs(_pair([dict(XUEYANG)], plain=True)["weight"][0]) < 1e-6


def test_a_swapped_pair_without_namesakes_weighs_as_before():
    p = _pair([])
    assert (str(p["given_level"][0]), str(p["family_level"][0])) == ("exact", "swapped")
    assert p["weight"][0] >= Thresholds().merge


def test_another_files_namesakes_do_not_cap_a_swap():
    assert _pair(GOOGLE)["weight"][0] >= Thresholds().merge


def test_the_card_joins_neither_of_two_connections_of_its_name():
    assert _together(CARD, XUEYANG, dict(XUEYANG)) == [False, False]


def test_the_card_joins_the_one_connection_of_its_name():
    assert _together(CARD, XUEYANG) == [True]
