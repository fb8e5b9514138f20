"""A batch owner without a kith.toml keeps their notes in DIR/owners/<id>/notes.csv
(docs/user37.md finding A, docs/user38.md fix A): a run records the own files it was made
with, so `kith note`, `kith log`, `kith plan` given only `--out DIR/owners/<id>/out` act on
that owner's notes and ledger, not on the working folder's data/notes.csv. Fixture:
tests/fixtures/user38/gita (fictitious)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures" / "user38"
AS_OF = "2026-12-07"


def kith(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def batch(first_runs, monkeypatch) -> Path:
    """`kith batch` over one owner folder without a kith.toml (gita's phone vCard), run from
    a working folder of its own (the coach's), which is where data/notes.csv would go. Made
    once per module, a fresh copy per test where it was made (tests/home_copies.py)."""
    def make(folder: Path) -> None:
        shutil.copytree(FIX / "gita", folder / "owners" / "gita")
        (folder / "coach").mkdir()
        monkeypatch.chdir(folder / "coach")
        res = kith("batch", folder / "owners", "--out", folder / "batch", "--as-of", AS_OF)
        assert res.exit_code == 0, res.output

    folder = first_runs.fresh("batch", make)
    monkeypatch.chdir(folder / "coach")
    return folder / "batch"


def test_note_and_log_on_a_batch_owners_out_write_the_owners_notes(batch):
    out = batch / "owners" / "gita" / "out"
    res = kith("note", "Tobias Brandt", "--next", "ask about the freight analyst role",
               "--out", out)
    assert res.exit_code == 0, res.output
    own = batch / "owners" / "gita" / "notes.csv"
    assert f"in {own.absolute()}." in res.output
    assert "ask about the freight analyst role" in own.read_text("utf-8")
    assert not Path("data/notes.csv").exists()  # the working folder's default: untouched
    assert kith("log", "Tobias Brandt", "asked", "a referral", "--on", AS_OF,
                "--out", out).exit_code == 0
    assert "a referral" in (batch / "owners" / "gita" / "ledger.csv").read_text("utf-8")
    assert not Path("data/ledger.csv").exists()
    # the next batch reads the note: it is the owner's, and the plan shows it
    assert kith("batch", batch.parent / "owners", "--out", batch, "--as-of", AS_OF).exit_code == 0
    plan = kith("plan", "--out", out)
    assert plan.exit_code == 0, plan.output
    assert "ask about the freight analyst role" in plan.output


def test_a_run_records_its_own_files(batch, tmp_path):
    manifest = json.loads((batch / "owners" / "gita" / "out" / "manifest.json").read_text())
    files = manifest["own_files"]
    assert files["notes"] == str((batch / "owners" / "gita" / "notes.csv").absolute())
    assert files["decisions"] == str((batch / "owners" / "gita" / "decisions.toml").absolute())


def test_a_run_without_the_record_keeps_the_working_folders_notes(batch):
    """A run published before the record: today's behaviour (the working folder's default
    notes file, named in the sentence), never a guess."""
    out = batch / "owners" / "gita" / "out"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["own_files"]
    real = path.resolve()
    path.unlink()  # a link into the current run: replace the link, not the run's file
    real.write_text(json.dumps(manifest))
    path.symlink_to(real)
    res = kith("note", "Tobias Brandt", "--next", "call", "--out", out)
    assert res.exit_code == 0, res.output
    assert "in data/notes.csv." in res.output


def test_a_config_given_wins_over_the_record(batch, tmp_path):
    assert kith("init", tmp_path / "home").exit_code == 0
    res = kith("note", "Celine Moreau", "--offer", "intro to her team",
               "--out", batch / "owners" / "gita" / "out",
               "--config", tmp_path / "home" / "kith.toml")
    assert res.exit_code == 0, res.output
    assert "intro to her team" in (tmp_path / "home" / "notes.csv").read_text("utf-8")
