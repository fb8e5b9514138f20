"""Shapes of docs/rw41.md's files: Yahoo Mail's contact exports (CSV and vCard 2.1), which
write an apostrophe as an HTML character reference. The originals carry no licence and hold a
class reunion's real people, so the fixtures are hand-made in their shapes:
tests/fixtures/realworld41/README.md names the original of each."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import run_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "realworld41"


def _out(tmp_path: Path, *names: str) -> Path:
    return run_fixtures(tmp_path, FIXTURES, *names)


def _records(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "records.parquet").sort("source_row")


def test_yahoo_csv_html_references_are_the_characters(tmp_path) -> None:
    """Yahoo's CSV export writes `O&#39;Brien` and `Kent&#39;s Hill Lane` (docs/rw41.md B1):
    kith showed the name as typed, `&#39;` and all. A numeric character reference is the
    character it names, in every column (the note's `won&#39;t` too)."""
    rec = _records(_out(tmp_path, "yahoo_html_apostrophes.csv"))
    assert rec["display_name"].to_list() == ["Nora O'Quill", "Ben Roe", "Ada Fenn & Co"]
    assert rec["family_name"].to_list() == ["O'Quill", "Roe", "Fenn & Co"]
    assert rec["street"][0] == "12 Abbot's Way"
    assert rec["notes"][1] == "won't use email"


def test_yahoo_vcard_html_references_do_not_split_components(tmp_path) -> None:
    """Yahoo's vCard 2.1 export writes the same references inside N and ADR (docs/rw41.md
    B2), where their ';' is the components' separator: `N:O&#39;Quill;Nora;;;` was read as the
    family name `O&#39` and the given name `Quill`, the street `12 Abbot&#39` in the city
    `s Way`. The reference is one character; one naming ';' stays inside its component."""
    rec = _records(_out(tmp_path, "yahoo_html_apostrophes.vcf"))
    assert rec["display_name"].to_list() == ["Nora O'Quill", "Ben Roe"]
    assert rec["given_name"].to_list() == ["Nora", "Ben"]
    assert rec["family_name"].to_list() == ["O'Quill", "Roe"]
    assert (rec["street"][0], rec["city"][0], rec["postcode"][0]) == (
        "12 Abbot's Way", "Milton", "02186")
    assert rec["organization"][1] == "Fenn; Roe & Co"
    assert rec["notes"][1] == "won't use email"
