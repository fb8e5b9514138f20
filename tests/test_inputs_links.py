"""Links among the exports: a link that loops is reported, not a crash; a linked export whose
target changes is a changed input for the refresh (ingest reads through the link)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main

HEADER = "First Name,Last Name,E-mail Address\n"


def _run(exports: Path, out: Path):
    return CliRunner().invoke(main, ["run", str(exports), "--out", str(out),
                                     "--as-of", "2026-11-22"])


def _people(out: Path) -> int:
    return pl.read_parquet(out / "people.parquet").height


def test_a_link_that_loops_is_reported_and_the_rest_read(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "contacts.csv").write_text(HEADER + "Ann,Lee,ann@example.org\n")
    (exports / "loop").symlink_to("loop")
    result = _run(exports, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    files = pl.read_parquet(tmp_path / "out" / "files.parquet")
    loop = files.filter(pl.col("path") == "loop").row(0, named=True)
    assert loop["status"] == "rejected" and "symbolic links" in loop["reason"]
    assert _people(tmp_path / "out") == 1


def test_a_linked_export_whose_target_changed_is_read_again(tmp_path):
    downloads, exports, out = tmp_path / "downloads", tmp_path / "exports", tmp_path / "out"
    downloads.mkdir()
    exports.mkdir()
    target = downloads / "contacts.csv"
    target.write_text(HEADER + "Ann,Lee,ann@example.org\n")
    (exports / "contacts.csv").symlink_to(target)
    assert _run(exports, out).exit_code == 0
    assert _people(out) == 1
    with target.open("a") as fh:  # the next download, through the same link
        fh.write("Bob,Ray,bob@example.org\n")
    result = _run(exports, out)
    assert result.exit_code == 0, result.output
    assert _people(out) == 2


def test_a_broken_link_is_reported(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "contacts.csv").write_text(HEADER + "Ann,Lee,ann@example.org\n")
    (exports / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    result = _run(exports, tmp_path / "out")
    assert result.exit_code == 0, result.output
    files = pl.read_parquet(tmp_path / "out" / "files.parquet")
    gone = files.filter(pl.col("path") == "gone.csv").row(0, named=True)
    assert gone["status"] == "rejected" and "Cannot read" in gone["reason"]
