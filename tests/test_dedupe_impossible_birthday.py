"""Issue 12, session 29 (qual13): a birthday whose typo made an impossible date.

"1994-11-71" is a typo of the 21st (2 -> 7). normalize finds no calendar date in it and the
record keeps no birthday, so dedupe had nothing to compare: on RLdata10000 44 of 10,000
records, and their true pairs were a name-only pair of common German names. Dedupe now reads
the digits of a full digit date (YYYY-MM-DD or YYYYMMDD) that normalize rejected, for
comparison only: one digit from the other record's date is "near". A zero month or day is a
placeholder ("1900-00-00"), not read. Names fictitious."""

from __future__ import annotations

import polars as pl
from dedupe_support import filler, records

from pipeline.dedupe import features
from pipeline.dedupe.stage import dedupe

PERSON = {"given_key": "thomas", "family_key": "meyer", "birthday_year": 1994,
          "birthday_month": 11, "birthday_day": 21}
TYPO = {"given_key": "thomas", "family_key": "meyer", "source": "vcard"}  # no parsed date


def _book(rows: list[dict], raw: list[str | None]) -> pl.DataFrame:
    recs = records(rows)
    return recs.with_columns(pl.Series("birthday", raw + [None] * (recs.height - len(raw)),
                                       dtype=pl.String))


def test_features_read_the_digits_of_an_impossible_date():
    recs = _book([PERSON, TYPO, TYPO, TYPO, TYPO],
                 ["1994-11-21", "1994-11-71", "19941171", "1900-00-00", "--04-15"])
    f = features.build(recs).sort("idx")
    assert f["birthday_day"].to_list() == [21, 71, 71, None, None]
    assert f["birthday_month"].to_list() == [11, 11, 11, None, None]
    assert f["birthday_year"].to_list() == [1994, 1994, 1994, None, None]


def _common_name_book() -> list[dict]:
    # a hundred others called Thomas and a hundred Meyer: the name alone joins no one
    book = [{"given_key": "thomas", "family_key": f"{f['family_key']}x"} for f in filler(100)]
    return book + [{"given_key": f"{f['given_key']}y", "family_key": "meyer"}
                   for f in filler(100)] + list(filler(3000))


def test_the_typo_is_one_digit_from_the_date_and_joins_the_person():
    """main: the typo's record had no birthday, and the two stayed apart on a common name."""
    recs = _book([PERSON, TYPO, *_common_name_book()], ["1994-11-21", "1994-11-71"])
    result = dedupe(recs)
    ids = result.records.sort("record_id")["person_id"].to_list()
    assert ids[0] == ids[1]
    level = result.pairs.filter((pl.col("record_id_l") == "r_0000")
                                & (pl.col("record_id_r") == "r_0001"))["birthday_level"]
    assert level.to_list() == ["near"]
    # the records keep what normalize made of them: no date
    kept = result.records.sort("record_id").head(2)["birthday_day"].to_list()
    assert kept == [21, None]


def test_a_placeholder_date_is_no_birthday():
    """Two records of the common name with "1900-00-00": no "exact" birthday between them."""
    recs = _book([TYPO, TYPO, *_common_name_book()], ["1900-00-00", "1900-00-00"])
    ids = dedupe(recs).records.sort("record_id")["person_id"].to_list()
    assert ids[0] != ids[1]
