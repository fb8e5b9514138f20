"""Round 29 (docs/adversarial29.md, leftover (c)): a plus-one's own row named "Guest +1" beside
the guest's own row ("Hayley +1" after "Hayley", "Phil (S56) +1" after "Phil (S56)": a
wedding planner's guest table, docs/realworld22.md W3). On main it was shown "Hayley" and went
to review beside its guest. It names nobody now: shown as written, no name key. "Thomas +1"
with no row of Thomas's own is still Thomas's RSVP with its party size. Fixture fictitious,
W3's shape."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.normalize.plus_ones import guests_plus_ones
from tests.exports_support import kith_run

FIXTURE = (Path(__file__).parent / "fixtures" / "addressbook"
           / "wedding_guests_trailing_plus_ones.csv")


def test_a_plus_one_beside_its_guest_names_nobody(tmp_path: Path) -> None:
    kith_run(tmp_path, {"Guests.csv": FIXTURE.read_bytes()})
    out = tmp_path / "out"
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == [
        "Harriet Quill", "Jonah Pell", "Hayley Brook", "Hayley +1", "Phil", "Phil (S56) +1",
        "Thomas", "Hayley", "Edith Quill", "Nell Varga"]
    keys = dict(zip(records["display_name"], records["name_key"], strict=True))
    assert keys["Hayley +1"] is None and keys["Phil (S56) +1"] is None
    assert keys["Thomas"] is not None and keys["Hayley"] is not None
    review = pl.read_parquet(out / "review.parquet")
    assert review.filter(pl.col("name_l").str.contains(r"\+1")
                         | pl.col("name_r").str.contains(r"\+1")).height == 0
    assert pl.read_parquet(out / "people.parquet").height == 10  # nothing lost


def test_only_beside_a_row_of_the_guests_own_name_in_the_same_file() -> None:
    frame = pl.DataFrame({
        "full_name": ["Hayley +1", "hayley ", "Ann +1", "Ann Lee", "Bo + 1", "Bo", "Cy +2", "Cy"],
        "source_file": ["a", "a", "a", "a", "b", "c", "a", "a"]})
    assert guests_plus_ones(frame).to_list() == [True, False, False, False, False, False,
                                                 False, False]
