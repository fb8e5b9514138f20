"""A login in the given-name slot (`snow.amy` beside the family name Snow) is read as the given
name it spells: a real CRM list (docs/realworld-xlsx.md, HNordholm's contactclean.xlsx) wrote 414
of 2,414 first names this way, and every one was kept apart from the same person's clean row."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.dedupe.stage import dedupe
from pipeline.normalize import names
from pipeline.stages.normalize import normalize_records


def _records(given: list[str], family: list[str], **more) -> pl.DataFrame:
    n = len(given)
    frame = pl.DataFrame({"source": ["csv"] * n, "source_file": ["a.csv"] * n,
                          "source_row": list(range(n)), "given_name": given,
                          "family_name": family, **more},
                         schema_overrides={k: schema.LS for k in ("emails", "phones") if k in more})
    return normalize_records(frame)


def test_the_other_word_of_a_login_is_the_given_name():
    out = _records(["snow.amy", "amy_snow", "Kelley.Monica", "Amy"],
                   ["Snow", "Snow", "Kelley", "Snow"])
    assert out["given_clean"].to_list() == ["Amy", "Amy", "Monica", "Amy"]
    assert out["given_key"].to_list() == ["amy", "amy", "monica", "amy"]
    assert out["display_name"].to_list() == ["Amy Snow", "Amy Snow", "Monica Kelley", "Amy Snow"]
    assert out["given_name"][0] == "snow.amy"  # the record keeps what the file says


def test_a_dotted_given_name_without_the_family_word_is_read_as_before():
    # a double given name, both words the family name, no family name to tell by
    logins = ["mary.ann", "lee.lee", "snow.amy"]
    out = _records(logins, ["Smith", "Lee", None])
    field = pl.DataFrame({"g": logins}).select(names.given_parts(pl.col("g")).struct.unnest())
    assert out["given_clean"].to_list() == field["clean"].to_list()
    assert out["given_key"].to_list() == field["key"].to_list()


def test_a_login_row_and_the_clean_row_of_one_person_are_one_person():
    out = _records(["Amy", "snow.amy"], ["Snow", "Snow"],
                   emails=[["amy.snow@example.com"], ["amy.snow@example.com"]],
                   phones=[["+1 415 555 0134"], ["+1 415 555 0134"]])
    result = dedupe(out)
    assert result.records["person_id"].n_unique() == 1
    assert result.review.height == 0


@settings(max_examples=100, deadline=None)
@given(given_=st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
       family=st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True), sep=st.sampled_from("._"),
       family_first=st.booleans())
def test_a_login_of_two_words_reads_as_its_given_word(given_, family, sep, family_first):
    login = f"{family}{sep}{given_}" if family_first else f"{given_}{sep}{family}"
    out = _records([login], [family])
    if given_.lower() == family.lower():
        return  # nothing tells which word is which
    expected = given_.title() if given_ == given_.lower() else given_
    assert out["given_clean"][0] == _records([expected], [family])["given_clean"][0]
