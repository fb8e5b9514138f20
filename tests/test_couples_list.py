"""A list whose name cells are couples ("Al Tracey + Terese MacDonald-Tracey", "Uncle Sam &
Aunty Femmy": two weddings' guest lists, docs/realworld22.md W2 and W5) is a list of person
names: with nothing beside them it is rejected as "a list of names only" (on main: "nothing
says its rows are people", which was false), and with a phone column it is read, each couple
one household's card shown as written. Fictitious names and numbers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from tests.exports_support import kith_run

COUPLES = ["Alma Treacy + Terence MacBride-Treacy", "Alan Tremaine + Anne Tremaine",
           "Amanda Mitchum + Simon Mitchum", "Caralyn Murdo +Jonah Murdo",
           "Colin McMillen & Chloe McMillen", "Greta Treacy", "Nadia Ellsworthy + Dave Ellsworthy"]


def test_a_couples_list_of_names_only_is_rejected_as_one(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "Guests.csv").write_text(
        "Name,Code\n" + "".join(f"{c},\n" for c in COUPLES), "utf-8")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code != 0
    said = " ".join(res.output.split())
    assert "A list of names only" in said and "nothing says its rows are people" not in said


def test_a_couples_list_with_phones_is_read(tmp_path: Path) -> None:
    rows = "".join(f"{c},+44 20 7946 0{100 + i}\n" for i, c in enumerate(COUPLES))
    kith_run(tmp_path, {"cards.csv": "Name,Phone\n" + rows})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == COUPLES  # each couple's card as written
    assert pl.read_parquet(tmp_path / "out" / "people.parquet").height == len(COUPLES)
