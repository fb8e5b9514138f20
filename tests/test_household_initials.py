"""A name cell of two whole names, each with its initials in brackets ("Addie Close (ASC),
Willard Delao (WED)": two staff on one extension of a school's phone list, docs/realworld20.md
S4) is one card of two people, as a couple's cell is (docs/realworld22.md (d)): shown as
written, never one of them, and kept apart from each one's own card. On main it was read as
"Last, First" and shown "Willard Delao Addie Close"."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipeline.dedupe.households import household_cards
from tests.exports_support import kith_run

ROWS = ("Area,Description,Name,EXT,TEL\n"
        "General,Main Reception,\"{pair}\",455,+44 20 7946 0455\n"
        "General,Office,Willard Delao (WED),455,+44 20 7946 0455\n"
        "General,Resources,-,343,-\n")


@pytest.mark.parametrize("pair", ["Addie Close (ASC), Willard Delao (WED)",
                                  "Addie Close (ASC) & Willard Delao (WED)"])
def test_two_names_with_initials_are_one_card_of_two(tmp_path: Path, pair: str) -> None:
    kith_run(tmp_path, {"directory.csv": ROWS.format(pair=pair)})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == [pair, "Willard Delao"]
    # the pair's card shares Willard's extension, and is still not Willard's
    assert pl.read_parquet(tmp_path / "out" / "people.parquet").height == 2
    rejects = pl.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert rejects.height == 1  # the "-" row, with its reason


def _cards(names: list[str]) -> list[bool]:
    frame = pl.DataFrame({"given_name": [None] * len(names), "family_name": [None] * len(names),
                          "full_name": names},
                         schema={c: pl.String for c in ("given_name", "family_name",
                                                        "full_name")})
    return household_cards(frame).to_list()


def test_one_name_with_initials_or_without_brackets_is_no_pair() -> None:
    assert _cards(["Addie Close (ASC); Willard Delao (WED)", "ADDIE CLOSE (AC), WILL DELAO (WD)"]
                  ) == [True, True]
    names = ["Willard Delao (WED)", "Van Dyke, Mary Ann", "Delao, Willard (WED)",
             "Addie Close (ASC)", "Smith (Acme), John", "Close, Addie (ASC), Willard"]
    assert _cards(names) == [False] * len(names)
