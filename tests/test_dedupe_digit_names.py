"""A digit in a name is a number, never a typo: a mailing tool's test list (FirstName1
LastName1 ... FirstName5 LastName5, each with its own address; docs/realworld-xlsx.md) was
merged into one person through Jaro-Winkler "typo" levels on both names."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.dedupe.similarity import jw_on_unique
from pipeline.dedupe.stage import dedupe
from pipeline.stages.normalize import normalize_records


def _records(given: list[str], family: list[str], emails: list[list[str]]) -> pl.DataFrame:
    n = len(given)
    return normalize_records(pl.DataFrame(
        {"source": ["csv"] * n, "source_file": ["a.csv"] * n, "source_row": list(range(n)),
         "given_name": given, "family_name": family, "emails": emails},
        schema_overrides={"emails": schema.LS}))


def test_numbered_placeholders_are_different_people():
    n = 5
    records = _records([f"FirstName{i}" for i in range(1, n + 1)],
                       [f"LastName{i}" for i in range(1, n + 1)],
                       [[f"dot100{i}@example.com"] for i in range(1, n + 1)])
    result = dedupe(records)
    assert result.records["person_id"].n_unique() == n


def test_a_typo_of_a_name_without_digits_is_still_a_typo():
    records = _records(["Korfaard", "Korfaad"], ["Whitfield", "Whitfeild"],
                       [["jw@example.com"], ["jw@example.com"]])
    result = dedupe(records)
    levels = result.pairs.select("given_level", "family_level").row(0)
    assert levels == ("jw_high", "jw_high")
    assert result.records["person_id"].n_unique() == 1


@settings(max_examples=200, deadline=None)
@given(stem=st.from_regex(r"[a-z]{3,10}", fullmatch=True),
       a=st.integers(0, 999), b=st.integers(0, 999), suffix=st.booleans())
def test_names_whose_numbers_differ_score_zero(stem, a, b, suffix):
    left, right = (f"{stem}{a}", f"{stem}{b}") if suffix else (f"{a}{stem}", f"{b}{stem}")
    p = pl.DataFrame({"x_l": [left], "x_r": [right]})
    plain = jw_on_unique(p, "x_l", "x_r")[0]
    named = jw_on_unique(p, "x_l", "x_r", same_digits=True)[0]
    if str(a) == str(b):
        assert named == plain == 1.0
    else:
        assert named == 0.0
    # a digit between letters is a slip, and a number on one side only may be one too
    for x, y in ((f"{stem}{a}", stem), (f"{stem[:2]}{a}{stem[2:]}", f"{stem[:2]}{b}{stem[2:]}")):
        r = pl.DataFrame({"x_l": [x], "x_r": [y]})
        assert jw_on_unique(r, "x_l", "x_r", same_digits=True)[0] == \
            jw_on_unique(r, "x_l", "x_r")[0]
    # without digits nothing changes
    q = pl.DataFrame({"x_l": [stem], "x_r": [stem[::-1]]})
    assert jw_on_unique(q, "x_l", "x_r", same_digits=True)[0] == jw_on_unique(q, "x_l", "x_r")[0]
