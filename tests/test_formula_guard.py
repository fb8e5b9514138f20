"""The apostrophe before a value starting with = + - @ is a spreadsheet's (or an exporter's
guard against CSV injection, kith's own CSV export among them): text, not part of the value.
An organisation and a title read from such a file drop it, so kith reading its own export
back gives the same organisations (docs/adversarial25.md "Left": the export round trip)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,"
          "Organization 1 - Title\n")


def _run(home: Path, exports: Path) -> pl.DataFrame:
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(home / "out"),
                                        "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return pl.read_parquet(home / "out" / "people.parquet").sort("display_name")


def test_a_guarded_cell_is_read_as_its_text(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "g.csv").write_text(
        GOOGLE + "Ann,Lee,ann@a.example,'+44 20 7946 0958,'+Plus Corp,'=Head of Sales\n"
        "Bob,Ray,bob@b.example,,'@Home Inc,'-Director\n"
        "Cy,Day,cy@c.example,,'47 Brand,Don't Panic Officer\n", "utf-8")
    people = _run(tmp_path, tmp_path / "in")
    assert people.select("organization", "title").rows() == [
        ("+Plus Corp", "=Head of Sales"), ("@Home Inc", "-Director"),
        # an apostrophe before anything else is the value's own
        ("'47 Brand", "Don't Panic Officer")]
    assert people["phones"].to_list()[0] == ["+442079460958"]


def test_kiths_csv_export_read_back_keeps_a_formula_like_organisation(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "g.csv").write_text(
        GOOGLE + 'Ann,Lee,ann@a.example,,+SUM(1),"=HYPERLINK(""x"")"\n'
        "Bob,Ray,bob@b.example,,@Home Inc,-Director\n", "utf-8")
    first = _run(tmp_path, exports)
    out = tmp_path / "people.csv"
    with contextlib.chdir(tmp_path):
        res = CliRunner().invoke(main, ["export", "--format", "csv", "--output", str(out),
                                        "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "'+SUM(1)" in out.read_text("utf-8-sig")  # guarded for a spreadsheet
    again = tmp_path / "again"
    (again / "exports").mkdir(parents=True)
    shutil.copy(out, again / "exports" / out.name)
    second = _run(again, again / "exports")
    assert second.select("organization", "title").rows() == first.select(
        "organization", "title").rows() == [("+SUM(1)", '=HYPERLINK("x")'),
                                            ("@Home Inc", "-Director")]
