"""The ledger's and notes' dates a spreadsheet leaves: day-month-year with dashes (Dutch and
Indian Excel) and serial numbers (a date column re-saved as numbers)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.notes import ledger
from pipeline.notes.notes_file import sync_notes

FIX = Path(__file__).parent / "fixtures" / "left33"


def _dates(name: str, tmp_path: Path) -> list:
    path = tmp_path / "ledger.csv"
    shutil.copy(FIX / name, path)
    return ledger.load_ledger(path)["date"].to_list()


def test_dashed_dates_that_one_order_reads_settle_the_column(tmp_path):
    # 25-11-2026 is day first, so 02-11-2026 in the same column is 2 November
    assert _dates("ledger_dashed_dates.csv", tmp_path) == [dt.date(2026, 11, 25),
                                                           dt.date(2026, 11, 2)]


def test_a_dashed_date_nothing_settles_is_named_by_line_not_guessed(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert _dates("ledger_dashed_alone.csv", tmp_path) == [dt.date(2026, 11, 3), None]
    assert "line 3: no readable date" in caplog.text


def test_excel_serial_dates_in_the_ledger_are_read_in_a_plausible_range(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        got = _dates("ledger_excel_serial.csv", tmp_path)
    # 45597 is 2024-11-01 in Excel; a fraction is the time of day; 12345 (1933) is no entry
    assert got == [dt.date(2024, 11, 1), dt.date(2024, 11, 2), None]
    assert "line 4: no readable date" in caplog.text


def test_a_follow_up_saved_as_a_serial_or_settled_dashes_is_read_in_notes(tmp_path):
    notes = tmp_path / "notes.csv"
    shutil.copy(FIX / "notes_excel_serial.csv", notes)
    people = schema.conform(pl.DataFrame({
        "person_id": ["p_7130adca9d1afc44", "p_00000000000000aa"],
        "display_name": ["Ana Example", "Bo Example"]}), schema.PEOPLE)
    frame = sync_notes(notes, people, schema.empty(schema.LINEAGE))
    follow = dict(frame.select("person_id", "follow_up").rows())
    assert follow["p_7130adca9d1afc44"] == dt.date(2025, 12, 9)
    # 02-11-2026 alone in its column: not guessed, and the row says so
    assert follow["p_00000000000000aa"] is None
    status = dict(frame.select("person_id", "kith_status").rows())
    assert status["p_00000000000000aa"] == "active; follow_up is not a date kith can read"
    assert status["p_7130adca9d1afc44"] == "active"
