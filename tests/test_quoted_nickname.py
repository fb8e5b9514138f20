"""A nickname in quotes after the name ('Robert "Bob" Smith', as LinkedIn members and Outlook
users write it) is an aside, like '(Bill)': it was kept as a word, so the given key was
"robert bob" or "Bob" became the middle name, and "Robert Smith" in another book compared as
another given name. Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import names


def clean(values: list[str]) -> list[str | None]:
    return pl.DataFrame({"v": values}).select(names.clean_given(pl.col("v")))["v"].to_list()


def test_a_quoted_nickname_after_a_given_name_is_dropped():
    assert clean(['Robert "Bob"', "Robert “Bob”", "Mary-Jane «MJ»", 'Ann "', "O'Brien"]) == [
        "Robert", "Robert", "Mary-Jane", "Ann", "O'Brien"]


def test_a_quoted_name_with_nothing_before_it_is_the_name():
    assert clean(['"Bob"', '"Bob" Smith']) == ["Bob", "Bob Smith"]


def test_full_names_with_a_quoted_nickname_parse_without_it():
    parsed = names.parse_full_name_series(pl.Series(['Robert "Bob" Smith', '"Bob" Smith']))
    assert parsed.select("given", "middle", "family").rows() == [
        ("Robert", None, "Smith"), ("Bob", None, "Smith")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Robert", "Ann", " ", '"', "“", "”", "«", "»", "Bob", "(x)",
                                 "'", "-", "Lee"]), min_size=1, max_size=8))
def test_cleaning_twice_changes_nothing(parts):
    once = clean(["".join(parts)])
    assert clean([v for v in once if v is not None] or [""]) == (once if once[0] else [None])


def test_a_row_with_the_nickname_and_one_without_agree_on_the_given_name(tmp_path: Path):
    records = kith_records(tmp_path, {"contacts.csv": (
        "First Name,Last Name,E-mail Address,Organization 1 - Name\n"
        '"Robert ""Bob""",Smith,bob@example.com,Acme\n'
        "Robert,Smith,bob@example.com,Acme\n")})
    assert records["given_key"].to_list() == ["robert", "robert"]
    assert records["display_name"].to_list() == ["Robert Smith", "Robert Smith"]
    assert records["given_name"].to_list() == ['Robert "Bob"', "Robert"]  # as written
