"""`kith merge A B` after `kith split` (or `kith keep-apart`) of the same records took nothing
back: the split's "different" decisions still won over the new "same", so the merge `kith
changes` prints to undo a split (user40) left two people (found by job41 on Karim's home).
Now the merge takes back the decisions it contradicts, says which, and the two are one."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _kith(*args: str) -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False,
                             env={"KITH_TODAY": "2026-12-07"})
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture
def sample(tmp_path) -> tuple[Path, str]:
    shutil.copytree(ROOT / "data" / "sample", tmp_path / "exports")
    cfg = tmp_path / "kith.toml"
    cfg.write_text('inputs = ["exports"]\nout = "out"\n'
                   '[files]\ndecisions = "decisions.toml"\nnotes = "notes.csv"\n', "utf-8")
    _kith("run", "--config", str(cfg), "--as-of", "2026-12-07")
    return tmp_path, str(cfg)


def _people(home: Path) -> pl.DataFrame:
    return pl.read_parquet(home / "out" / "people.parquet")


def _largest(home: Path) -> dict:
    return _people(home).sort(["record_count", "person_id"], descending=[True, False]).row(
        0, named=True)


def test_merging_the_parts_of_a_split_makes_one_person_again(sample):
    home, cfg = sample
    person = _largest(home)
    assert person["record_count"] >= 3
    moved = sorted(person["record_ids"])[-1]
    _kith("split", person["person_id"], moved, "--config", cfg)
    records = pl.read_parquet(home / "out" / "records.parquet")
    part = records.filter(pl.col("record_id") == moved)["person_id"][0]
    kept = records.filter(pl.col("record_id") == sorted(person["record_ids"])[0])["person_id"][0]
    assert part != kept
    both = records.filter(pl.col("person_id").is_in([kept, part]))["record_id"]
    out = _kith("merge", kept, part, "--config", cfg)
    assert "Took back decision" in out  # main: only "Decision N: ... the same person."
    records = pl.read_parquet(home / "out" / "records.parquet")
    owners = records.filter(pl.col("record_id").is_in(both.implode()))["person_id"]
    assert owners.n_unique() == 1  # main: still two
    # what the split said about records of neither part stays (the user said nothing of them)
    listed = _kith("decisions", "--config", cfg)
    assert "same person as" in listed


def test_a_keep_apart_then_a_merge_of_the_same_two_merges(sample):
    home, cfg = sample
    person = _largest(home)
    first, last = sorted(person["record_ids"])[0], sorted(person["record_ids"])[-1]
    _kith("keep-apart", f"record:{first}", f"record:{last}", "--config", cfg)
    records = pl.read_parquet(home / "out" / "records.parquet")
    pid = dict(zip(records["record_id"], records["person_id"], strict=True))
    assert pid[first] != pid[last]
    out = _kith("merge", f"record:{first}", f"record:{last}", "--config", cfg)
    assert "Took back decision 1" in out
    records = pl.read_parquet(home / "out" / "records.parquet")
    pid = dict(zip(records["record_id"], records["person_id"], strict=True))
    assert pid[first] == pid[last]


def test_a_merge_leaves_decisions_about_other_people_alone(sample):
    home, cfg = sample
    people = _people(home).sort("person_id")
    a, b, c = people["person_id"][:3]
    _kith("keep-apart", a, b, "--config", cfg)
    out = _kith("merge", a, c, "--config", cfg)
    assert "Took back" not in out
    assert "NOT the same person" in _kith("decisions", "--config", cfg)
