"""An RSVP list writes a guest's party size after the name ("Thomas +2", docs/realworld17.md):
the "+2" stayed in the displayed name and the keys. One or two digits after a word are cut
(pipeline.normalize.names.strip_decoration); a number typed as a name is not. Fixtures written
for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.names import strip_decoration


def cleaned(values: list[str]) -> list[str]:
    frame = pl.Series("v", values, dtype=pl.String).to_frame()
    return frame.select(strip_decoration(pl.col("v"))).to_series().to_list()


def test_a_party_size_is_no_part_of_the_name():
    assert cleaned(["Thomas +2", "Ann Lee + 1", "Bob+1", "Thomas +2 +3"]) == [
        "Thomas", "Ann Lee", "Bob", "Thomas"]
    # not a party size: three digits, a name with a number in it, two names joined with "+"
    assert cleaned(["Jo +123", "Room 101", "Ann+Marco"]) == ["Jo +123", "Room 101", "Ann+Marco"]


def test_an_rsvp_list_shows_its_guests_by_name(tmp_path: Path):
    records = kith_records(tmp_path, {"rsvp.csv": "Name,Email\nThomas Berg +2,tb@example.org\n"
                                                  "Ann Lee + 1,al@example.org\n"})
    assert records["display_name"].to_list() == ["Thomas Berg", "Ann Lee"]
    assert records["family_key"].to_list() == ["berg", "lee"]


@settings(max_examples=60, deadline=None)
@given(st.text("AaBb +12", max_size=12))
def test_cleaning_stays_idempotent(value: str):
    once = cleaned([value])
    assert cleaned(once) == once
