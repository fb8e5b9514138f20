"""A plus-one's own row, named by the guest it comes with ("Bendik +1 Fostervoll" beside
"Bendik Fostervoll": a wedding planner's guest table, docs/realworld22.md W3) names nobody:
shown as written, with no name key, so it is never paired with its guest as the same person.
On main it was shown "Bendik 1 Fostervoll" (a "1" for a middle name) and each plus-one went
to review beside its guest. A "+2" at the end is still a party size ("Thomas +2")."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.normalize.names import parse_full_name_series
from tests.exports_support import kith_run

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "wedding_guests_plus_ones.csv"


def test_plus_ones_are_shown_as_written_and_meet_nobody(tmp_path: Path) -> None:
    kith_run(tmp_path, {"Guests.csv": FIXTURE.read_bytes()})
    out = tmp_path / "out"
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    plus = records.filter(pl.col("full_name").str.contains(r"\+1"))
    assert plus["display_name"].to_list() == ["Oskar +1 Brandvold", "Tilly +1 Marsh",
                                              "Rowan +1 Keele"]
    assert plus["name_key"].null_count() == 3
    assert records["display_name"][2] == "Maud Pell"  # an aside in brackets, as before
    assert pl.read_parquet(out / "people.parquet").height == 15
    review = pl.read_parquet(out / "review.parquet")
    assert review.filter(pl.col("name_l").str.contains(r"\+1")
                         | pl.col("name_r").str.contains(r"\+1")).height == 0


def test_only_a_plus_one_between_words_names_nobody() -> None:
    parsed = parse_full_name_series(pl.Series(["Oskar +1 Brandvold", "Thomas +2", "Ann Lee + 1",
                                               "Ann + Bob Lee", "Route 66 Diner"]))
    assert parsed["given_key"].to_list() == [None, "thomas", "ann", "ann", "route"]
    assert parsed["clean"][0] == "Oskar +1 Brandvold"
