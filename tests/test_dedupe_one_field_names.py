"""A whole name typed into the given-name field, no family name: "Jackson, Dan" (a
directory's sort name pasted in) or "Hou Gang" (an East Asian name written family first).
Dedupe reads it as two names, and the book's two-field records say which word is the family
name. Found by bench/gen3 (docs/gen3.md): the largest class of missed pairs that share an
e-mail or phone at 20,000 people."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import compare, features, stage

OTHERS = [{"given_key": f"g{i}", "family_key": f"f{i}"} for i in range(40)]


def _records(rows: list[dict]) -> pl.DataFrame:
    """records() with the raw given name too (what the comma is read from)."""
    return records(rows).with_columns(
        pl.Series("given_name", [r.get("given_name", r.get("given_key")) for r in rows],
                  pl.String))


def _keys(rows: list[dict]) -> list[tuple]:
    f = features.build(_records(rows)).sort("record_id")
    return list(zip(f["given_key"].to_list(), f["family_key"].to_list(), strict=True))


def test_a_sort_name_with_a_comma_is_family_then_given():
    rows = [{"given_name": "Jackson, Dan", "given_key": "jackson dan"},
            {"given_name": "Ariño Pardo, Feliciano", "given_key": "arino pardo feliciano"}]
    assert _keys(rows) == [("dan", "jackson"), ("feliciano", "arino pardo")]


def test_the_books_two_field_records_say_which_word_is_the_family_name():
    book = [{"given_key": "gang", "family_key": "hou"}, {"given_key": "wei", "family_key": "hou"},
            {"given_key": "gang", "family_key": "li"}]
    rows = [*book, {"given_key": "hou gang"}, {"given_key": "dan smith"},
            {"given_key": "mary", "family_key": "smith"}, {"given_key": "ann marie",
                                                          "family_key": "lee"}]
    keys = _keys(rows)
    assert keys[3] == ("gang", "hou")  # hou: a family name twice here, gang a given name twice
    assert keys[4] == ("dan", "smith")  # no evidence either way: the written order
    # a one-word name and a record with a family name are left as they were
    assert keys[5:] == [("mary", "smith"), ("ann marie", "lee")]


def test_one_field_name_and_two_field_name_of_one_person_agree_in_full():
    phone = ["+4930123456"]
    rows = [*OTHERS, {"given_name": "Jackson, Dan", "given_key": "jackson dan", "phones": phone},
            {"given_key": "dan", "family_key": "jackson", "phones": phone}]
    feats = features.build(_records(rows))
    idx = dict(zip(feats["record_id"], feats["idx"], strict=True))
    pair = pl.DataFrame({"l": [idx["r_0040"]], "r": [idx["r_0041"]], "rule": ["test"]},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})
    p = compare.score(pair, feats)
    assert (str(p["given_level"][0]), str(p["family_level"][0])) == ("exact", "exact")


def test_the_pair_is_one_person_after_dedupe():
    mail = ["mei.liu@example.org"]
    rows = [*OTHERS, {"given_key": "meiyan", "family_key": "liu", "emails": mail,
                      "source_file": "a.csv"},
            {"given_name": "Liu Meiyan", "given_key": "liu meiyan", "emails": mail,
             "source_file": "b.csv"},
            {"given_key": "wei", "family_key": "liu"}, {"given_key": "meiyan", "family_key": "x"}]
    out = stage.dedupe(_records(rows)).records.sort("record_id")
    assert out["person_id"][40] == out["person_id"][41]
