"""File and folder names that are not UTF-8 (copied from an older system in Latin-1): read,
shown with their odd bytes as \\xNN, never a crash; an output folder so named is refused."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import crash
from pipeline.cli import main

ROWS = b"First Name,Last Name,E-mail Address\nAnn,Lee,ann@example.org\n"
LATIN1 = os.fsdecode(b"caf\xe9")  # "café" in Latin-1: not UTF-8, so Python holds a surrogate


def _run(*args: str):
    return CliRunner().invoke(main, ["run", *args, "--as-of", "2026-11-22"])


@pytest.mark.parametrize("where", ["file", "folder", "both"])
def test_names_not_in_utf8_are_read_and_shown_escaped(tmp_path, where):
    folder = tmp_path / (LATIN1 if where in ("folder", "both") else "exports")
    folder.mkdir()
    name = LATIN1 + ".csv" if where in ("file", "both") else "contacts.csv"
    (folder / name).write_bytes(ROWS)
    out = tmp_path / "out"
    for _ in range(2):  # the second run fingerprints the same names (refresh)
        result = _run(str(folder), "--out", str(out))
        assert result.exit_code == 0, result.output
    files = pl.read_parquet(out / "files.parquet")
    shown = "caf\\xe9.csv" if where in ("file", "both") else "contacts.csv"
    assert files["path"].to_list() == [shown] and files["status"].to_list() == ["ingested"]
    assert pl.read_parquet(out / "people.parquet").height == 1


def test_a_missing_input_not_in_utf8_is_reported(tmp_path):
    result = _run(str(tmp_path / (LATIN1 + ".csv")), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "caf\\xe9.csv: rejected, Input path does not exist." in result.output


def test_an_output_folder_not_in_utf8_is_refused(tmp_path):
    (tmp_path / "contacts.csv").write_bytes(ROWS)
    result = _run(str(tmp_path / "contacts.csv"), "--out", str(tmp_path / LATIN1))
    assert result.exit_code == 2 and "not UTF-8" in result.output
    assert not (tmp_path / LATIN1).exists()


def test_a_crash_report_holds_a_name_not_in_utf8(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    report = crash.write_report(OSError(f"cannot open {LATIN1}"), ["run", LATIN1])
    assert report is not None and "caf\\udce9" in Path(report).read_text("utf-8")
