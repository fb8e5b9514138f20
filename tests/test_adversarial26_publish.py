"""Round 26: a run stopped after it was published but before it wrote the user's files (kill
-9, a notes file that could not be written) no longer loses the re-key of the people it
merged: the next run writes them first (pipeline/user_writes.py, docs/adversarial26.md)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from exports_support import ann_and_annie, merge_ann_into_annie

from pipeline.cli import main
from pipeline.notes import ledger, notes_file

ROOT = Path(__file__).resolve().parents[1]


def _home(first_runs) -> tuple[Path, str, str]:
    """Ann and Annie, two people; Ann asked not to be contacted and was given an intro. Made
    once per module, a fresh copy per test where it was made (tests/home_copies.py)."""
    def make(home: Path) -> None:
        ann_and_annie(home / "exports")
        (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n', "utf-8")
        _run(home)
        ann = _ids(home)["Ann Lee"]
        notes = home / "data" / "notes.csv"
        notes_file.set_note(notes, ann, "Ann Lee", need="a flat in Lisbon", do_not_contact=True)
        ledger.append_entry(ledger.ledger_path(notes), ann, "Ann Lee", "gave", "an intro",
                            on=dt.date(2026, 11, 1))

    home = first_runs.fresh("ann-and-annie", make)
    ids = _ids(home)
    return home, ids["Ann Lee"], ids["Annie Lee-Smith"]


def _ids(home: Path) -> dict[str, str]:
    people = pl.read_parquet(home / "out" / "people.parquet")
    return dict(zip(people["display_name"], people["person_id"], strict=True))


def _run(home: Path):
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                        "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return res


def _merged_rows_follow(home: Path, ann: str, annie: str) -> None:
    notes = notes_file.load_notes(home / "data" / "notes.csv")
    row = notes.filter(pl.col("need") == "a flat in Lisbon").row(0, named=True)
    assert row["person_id"] == annie  # on main: still Ann's id, marked gone
    assert row["do_not_contact"] is True
    assert f"merged from {ann}: review" in row["kith_flag"]
    entries = ledger.load_ledger(ledger.ledger_path(home / "data" / "notes.csv"))
    assert entries["person_id"].to_list() == [annie]
    people = pl.read_parquet(home / "out" / "people.parquet")
    assert ann not in people["person_id"].to_list()
    assert not (home / "out" / "current" / "state" / "user_files_pending.json").exists()


def test_a_run_killed_after_publishing_has_its_merge_followed_by_the_next(first_runs):
    home, ann, annie = _home(first_runs)
    merge_ann_into_annie(home / "exports")
    # this tree's kith (an installed kith elsewhere on the path would be tested otherwise)
    env = {**os.environ, "KITH_TEST_CRASH_AT": "after-publish",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get(
               "PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "--config",
                           str(home / "kith.toml"), "--as-of", "2026-12-06"], cwd=home,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == -9, proc.stderr
    notes = (home / "data" / "notes.csv").read_text("utf-8-sig")
    assert "merged from" not in notes  # published, the notes not yet written
    _run(home)  # the next run (in this process: the killed one is the process under test)
    _merged_rows_follow(home, ann, annie)


def test_a_notes_write_that_failed_after_publishing_is_done_by_the_next_run(first_runs,
                                                                           monkeypatch):
    """The run says "the next run tries again": on main the next run had no merge to apply."""
    from pipeline import user_writes  # the run's deferred notes write (user_writes.deferred)

    home, ann, annie = _home(first_runs)
    merge_ann_into_annie(home / "exports")

    def locked(pending):
        raise notes_file.NotesError("notes.csv is open in Excel")

    monkeypatch.setattr(user_writes, "commit_sync", locked)
    res = _run(home)
    assert "the next run tries again" in res.output
    monkeypatch.undo()
    _run(home)
    _merged_rows_follow(home, ann, annie)
