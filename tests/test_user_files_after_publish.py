"""The user's own files (notes.csv, ledger.csv) are written only after a run is published: a
run killed at any point before that leaves them byte-identical, still keyed to the run that is
current; the next successful run brings them up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import build_exports
from exports_support import edit_connections, this_tree_env

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


def kith_process(home: Path, *args: str, crash: str | None = None):
    env = this_tree_env(**({"KITH_TEST_CRASH_AT": crash} if crash else {}))
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args, "--config",
                           str(home / "kith.toml")], cwd=home, capture_output=True, text=True,
                          env=env)


def _home(folder: Path) -> None:
    exports = build_exports(folder / "exports")
    (folder / "kith.toml").write_text(f'inputs = ["{exports}"]\nout = "out"\n', "utf-8")
    res = CliRunner().invoke(main, ["run", "--config", str(folder / "kith.toml")])
    assert res.exit_code == 0, res.output


@pytest.fixture
def home(first_runs) -> Path:
    """The fixture exports run once (per module; a fresh copy for each test where it was made,
    tests/home_copies.py): the folder holds exports/, kith.toml, out/ and the run's data/."""
    return first_runs.fresh("home", _home)


def user_files(home: Path) -> dict[str, bytes]:
    folder = home / "data"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".csv"}


@pytest.mark.parametrize("where", ["after-tag", "after-outreach", "before-publish"])
def test_a_run_killed_before_publishing_leaves_the_users_files(home, where):
    exports = home / "exports"
    people = pl.read_parquet(home / "out" / "people.parquet")
    pid = people["person_id"][0]
    assert CliRunner().invoke(main, ["log", pid, "gave", "an intro", "--config",
                                     str(home / "kith.toml")]).exit_code == 0
    before = user_files(home)
    assert set(before) == {"notes.csv", "ledger.csv"}
    # A new contact appears: a completed run would add their row to notes.csv.
    edit_connections(exports, "Initech", "Globex")
    with open(exports / "google.csv", "a", encoding="utf-8") as fh:
        fh.write("Zed,Newcomer" + "," * (open(exports / "google.csv", encoding="utf-8")
                                          .readline().count(",") - 1) + "\n")
    proc = kith_process(home, "run", crash=where)
    assert proc.returncode == -9, proc.stderr
    assert user_files(home) == before
    # the next run (in this process: the killed one is the process under test)
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml")])
    assert res.exit_code == 0, res.output
    after = user_files(home)
    assert after["ledger.csv"] == before["ledger.csv"]
    assert b"Newcomer" in after["notes.csv"] and b"Newcomer" not in before["notes.csv"]
