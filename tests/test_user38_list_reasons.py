"""Warmth and relationship reasons say "in your address book" only of the user's own
address books (Google, Outlook, vCard, Thunderbird, Telegram); a person only on a generic CSV
(an event's guest list here: kith reads it as it reads a CRM or a spreadsheet of contacts and
cannot tell them apart) is "listed in a CSV file you gave kith" (docs/user38.md fix B).
Fixture: tests/fixtures/user38/lists (fictitious): guests.csv (an event's ticket export with
a Tags column) and google.csv (a Google Contacts export); Adaeze is in both."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user38" / "lists"


def test_a_guest_list_is_not_called_an_address_book(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(FIX), "--out", str(out), "--as-of", "2026-12-07"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    people = {r["display_name"]: r for r in pl.read_parquet(out / "people.parquet").iter_rows(named=True)}
    assert set(people) == {"Adaeze Okonkwo", "Rafael Duarte", "Joren Valk", "Ines Varga"}
    # on the guest list only
    assert people["Joren Valk"]["warmth_reason"] == "listed in a CSV file you gave kith"
    assert people["Joren Valk"]["relationship"] == ""
    assert people["Ines Varga"]["warmth_reason"] == "listed in a CSV file you gave kith"
    assert people["Ines Varga"]["relationship"] == "labelled speaker in a CSV file you gave kith"
    # in the Google export (Adaeze also on the guest list): an address book
    for name in ("Adaeze Okonkwo", "Rafael Duarte"):
        assert people[name]["warmth_reason"] == "in your address book", name
        assert people[name]["relationship"] == "in your address book as climbing", name
    # the score is unchanged: the same 5 points for every list the person is on
    assert {p["warmth"] for p in people.values()} == {5.0}
    worksheets = "".join(p.read_text("utf-8") for p in (out / "worksheets").rglob("*.html"))
    assert "Joren Valk" in worksheets
    assert "listed in a CSV file you gave kith" in worksheets
