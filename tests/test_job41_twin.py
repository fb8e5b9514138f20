"""Issue 12: the previous published run is an input of dedupe (its records, id state and job
changes: dedupe/job_change.py), so `kith run --full` over the same inputs and the same
previous run gives the night's tables, worksheets and state, job changes included; and the
id state's fingerprint covers the job changes kept beside it."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import polars as pl
from test_incremental import kith_run
from test_incremental_changed_night import assert_same_as_full
from test_job41_property import book, change_jobs
from test_job41_walks import FIX, _kith

from pipeline import config, refresh
from pipeline.dedupe import job_change

DAY = dt.date(2025, 11, 20)


def _jobs(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "state" / "job_changes.parquet")


def test_a_night_of_job_changes_equals_a_full_run(tmp_path):
    h = book(tmp_path / "a", 11, 120)
    kith_run(h, DAY, incremental=True)
    assert _jobs(h / "out").height == 0  # a first run finds no job change
    assert change_jobs(tmp_path / "a" / "exports", random.Random(11), 0.3) > 0
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    full = kith_run(twin, DAY + dt.timedelta(days=1), incremental=False)
    kith_run(h, DAY + dt.timedelta(days=1), incremental=True)
    assert full.stages["dedupe"]["people"] > 0
    night = _jobs(h / "out")
    assert night.height > 0  # the night did join job changes
    assert_same_as_full(h, twin)
    # and again the day after, over the same exports: the pairs carried, both ways
    twin2 = tmp_path / "twin2"
    shutil.copytree(h, twin2, symlinks=True)
    kith_run(twin2, DAY + dt.timedelta(days=2), incremental=False)
    kith_run(h, DAY + dt.timedelta(days=2), incremental=True)
    assert _jobs(h / "out").equals(night)
    assert_same_as_full(h, twin2)
    assert _jobs(twin2 / "out")["since"].unique().to_list() == [DAY]


def test_karims_night_equals_a_full_run(tmp_path):
    folder = tmp_path / "home"
    _kith("init", str(folder), today="2026-12-07")
    shutil.copytree(FIX / "user40" / "week1", folder / "exports", dirs_exist_ok=True)
    cfg = str(folder / "kith.toml")
    _kith("run", "--config", cfg, "--as-of", "2026-12-07", today="2026-12-07")
    shutil.copy(next(iter((FIX / "user40" / "week2").glob("*.zip"))), folder / "exports")
    twin = tmp_path / "twin"
    shutil.copytree(folder, twin, symlinks=True)
    # the twin's kith.toml names its own exports folder: the same bytes
    _kith("run", "--config", str(twin / "kith.toml"), "--as-of", "2026-12-08", "--full",
          today="2026-12-08")
    _kith("run", "--config", cfg, "--as-of", "2026-12-08", today="2026-12-08")
    assert _jobs(folder / "out").height == 2
    assert_same_as_full(folder, twin)


def test_the_state_fingerprint_covers_the_job_changes(tmp_path):
    """A kept run whose job changes differ is not the same previous state: dedupe runs."""
    state = tmp_path / "state"
    state.mkdir()
    ids = state / "person_ids.parquet"
    pl.DataFrame({"record_id": ["r_1"], "person_id": ["p_1"]}).write_parquet(ids)
    cfg = config.Config(out=tmp_path / "out")
    without = refresh.end_parts(cfg, ids)["state"]
    jobs = state / "job_changes.parquet"
    pl.DataFrame({"record_id_l": ["r_1"], "record_id_r": ["r_2"], "since": [DAY],
                  "moved": ["r_2"]}, schema=job_change.PAIRS).write_parquet(jobs)
    one = refresh.end_parts(cfg, ids)["state"]
    pl.DataFrame({"record_id_l": ["r_1"], "record_id_r": ["r_3"], "since": [DAY],
                  "moved": ["r_3"]}, schema=job_change.PAIRS).write_parquet(jobs)
    other = refresh.end_parts(cfg, ids)["state"]
    assert len({without, one, other}) == 3
    assert one.startswith(without)  # the id map's own digest is still its part
