"""The review queue ranks a pair by likelihood x importance, and a person your notes say
something about (or one at a target company) counts more (pipeline/dedupe/review.py). A
`kith run` after such a note took dedupe, review queue included, from the last run: the queue
kept its old order, while a full run and `kith batch` (which runs a changed owner in full)
put the noted person's pair first (docs/user37.md). Fixture: tests/fixtures/user37/review_rank
(fictitious)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipeline import config as config_mod
from pipeline.notes.notes_file import set_note
from pipeline.run import run

FIX = Path(__file__).parent / "fixtures" / "user37" / "review_rank"
DAY = dt.date(2026, 12, 7)


def home(folder: Path) -> Path:
    shutil.copytree(FIX, folder / "exports")
    (folder / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n[files]\n'
                                      'notes = "notes.csv"\ntargets = "targets.toml"\n')
    return folder


def kith_run(h: Path, incremental: bool = True):
    cfg = config_mod.load(h / "kith.toml")
    return run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=incremental)


def review(h: Path) -> pl.DataFrame:
    return pl.read_parquet(h / "out" / "review.parquet")


def person(h: Path, name: str) -> str:
    people = pl.read_parquet(h / "out" / "people.parquet")
    return people.filter(pl.col("display_name") == name)["person_id"].item()


def run_once(first_runs) -> Path:
    """home() run once: made once per module, a fresh copy per test where it was made
    (tests/home_copies.py)."""
    return first_runs.fresh("home", lambda folder: kith_run(home(folder / "home"))) / "home"


def refreshed_and_full(first_runs, change) -> tuple[Path, Path]:
    """A home run once, `change`d, then run as `kith run` does (incremental) beside a twin of
    it run in full."""
    h = run_once(first_runs)
    assert review(h)["name_l"].to_list() == ["Tom Reed", "Nadia Karim"]  # the fixture
    change(h)
    twin = h.parent / "twin"
    shutil.copytree(h, twin, symlinks=True)
    (twin / "kith.toml").write_text((h / "kith.toml").read_text())
    kith_run(twin, incremental=False)
    kith_run(h)
    return h, twin


def note_nadia(h: Path, need: str = "a design lead role") -> None:
    set_note(h / "notes.csv", person(h, "Nadia Karim"), "Nadia Karim", need=need)


def add_target(h: Path) -> None:
    (h / "targets.toml").write_text('[[target]]\ncompany = "Initech"\n')


@pytest.mark.parametrize("change", [note_nadia, add_target])
def test_a_new_note_or_target_reranks_the_review_queue_as_a_full_run(first_runs, change):
    h, twin = refreshed_and_full(first_runs, change)
    assert review(h).equals(review(twin))
    assert pl.read_parquet(h / "out" / "pairs.parquet").equals(
        pl.read_parquet(twin / "out" / "pairs.parquet"))
    if change is note_nadia:
        assert review(h)["name_l"].to_list() == ["Nadia Karim", "Tom Reed"]


def test_an_edited_note_on_someone_noted_already_reuses_dedupe(first_runs):
    """README: an edited note recomputes only outreach; only a change in who is noted (or in
    the targets) re-ranks the queue."""
    h = run_once(first_runs)
    note_nadia(h)
    kith_run(h)
    note_nadia(h, need="a design lead role in Berlin")
    report = kith_run(h)
    assert report.reused_stages == ["ingest", "normalize", "dedupe", "tag", "changes"]
    assert review(h)["name_l"].to_list() == ["Nadia Karim", "Tom Reed"]
