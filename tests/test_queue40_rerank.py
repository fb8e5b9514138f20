"""The review queue ranked again without weighing pairs again (pipeline/dedupe/review.py
`rerank`). A first note on someone, a target company or a new `dedupe.review_limit` changes
only which candidate pairs the queue keeps and in what order; a `kith run` after one of them
used to weigh every pair again (a full dedupe: tens of seconds at a million records), and a
new review limit alone was not seen at all (the queue kept its old size until a full run).
Now dedupe is taken from the current run and its queue ranked again from the run's own
tables: the same tables, byte for byte, as a full run. Fixture: tests/fixtures/user37/
review_rank (fictitious: two pairs of people for the queue, Tom Reed's and Nadia Karim's)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import config as config_mod
from pipeline import schema
from pipeline.dedupe import review as review_mod
from pipeline.dedupe.stage import dedupe
from pipeline.dedupe.thresholds import Thresholds
from pipeline.notes.notes_file import set_note
from pipeline.run import run

FIX = Path(__file__).parent / "fixtures" / "user37" / "review_rank"
SAMPLE = Path(__file__).parent.parent / "data" / "sample"
DAY = dt.date(2026, 12, 7)
PUBLISHED = ("pairs", "review", "people", "records")


def home(folder: Path, limit: int) -> Path:
    shutil.copytree(FIX, folder / "exports")
    write_config(folder, limit)
    return folder


def write_config(h: Path, limit: int) -> None:
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n[files]\n'
                                 'notes = "notes.csv"\ntargets = "targets.toml"\n'
                                 f"[dedupe]\nreview_limit = {limit}\n")


def kith_run(h: Path, incremental: bool = True):
    cfg = config_mod.load(h / "kith.toml")
    return run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=incremental)


def names(h: Path) -> list[str]:
    return pl.read_parquet(h / "out" / "review.parquet")["name_l"].to_list()


def tables(h: Path) -> dict[str, bytes]:
    out = h / "out"
    files = {t: (out / f"{t}.parquet").read_bytes() for t in PUBLISHED}
    files["queue"] = (out / "current" / "stages" / "dedupe" / "queue.parquet").read_bytes()
    return files


def run_once(first_runs, limit: int) -> Path:
    """home(FOLDER, limit) run once: made once per module and limit, a fresh copy for each
    call at the place it was made (tests/home_copies.py)."""
    return first_runs.fresh(f"limit-{limit}", lambda work: kith_run(home(work / "home",
                                                                          limit))) / "home"


def refreshed_and_full(first_runs, limit: int, change):
    """A home run once with `limit`, `change`d, then run as `kith run` runs (incremental)
    beside a twin of it run in full: (home, twin, the home's refresh report)."""
    h = run_once(first_runs, limit)
    change(h)
    twin = h.parent / "twin"
    shutil.copytree(h, twin, symlinks=True)
    kith_run(twin, incremental=False)
    return h, twin, kith_run(h)


def note_nadia(h: Path) -> None:
    people = pl.read_parquet(h / "out" / "people.parquet")
    pid = people.filter(pl.col("display_name") == "Nadia Karim")["person_id"].item()
    set_note(h / "notes.csv", pid, "Nadia Karim", need="a design lead role")


def test_a_first_note_brings_a_settled_pair_into_the_queue_without_weighing_again(first_runs):
    """Queue of one: Tom Reed's pair first; Nadia Karim's settled below the limit. A note on
    Nadia puts her pair in the queue and settles Tom's, as a full run does."""
    h = run_once(first_runs, 1)
    assert names(h) == ["Tom Reed"]
    settled = pl.read_parquet(h / "out" / "pairs.parquet").filter(
        pl.col("reason").str.starts_with("settled apart: ranked below"))
    assert settled.height >= 1
    h, twin, report = refreshed_and_full(first_runs, 1, note_nadia)
    assert report.reused_stages == ["ingest", "normalize", "dedupe"]
    assert names(h) == names(twin) == ["Nadia Karim"]
    assert tables(h) == tables(twin)


@pytest.mark.parametrize("limit, new_limit", [(2, 1), (1, 2), (2, 0)])
def test_a_new_review_limit_is_used_by_the_next_run(first_runs, limit, new_limit):
    h, twin, report = refreshed_and_full(first_runs, limit,
                                         lambda h: write_config(h, new_limit))
    assert report.reused_stages == ["ingest", "normalize", "dedupe"]
    assert len(names(h)) == new_limit
    assert tables(h) == tables(twin)


def test_nothing_moved_in_the_queue_leaves_the_run_current(first_runs):
    h = run_once(first_runs, 1)
    write_config(h, 1)  # the same settings written again
    assert kith_run(h).reused


# -- the function itself, on the sample's five review pairs -------------------------------

@pytest.fixture(scope="module")
def sample_records(tmp_path_factory) -> pl.DataFrame:
    """The sample's normalised records, as dedupe reads them."""
    out = tmp_path_factory.mktemp("sample") / "out"
    cfg = config_mod.Config()
    run(cfg, [SAMPLE], out, as_of=DAY, stages=("ingest", "normalize"))
    return pl.read_parquet(out / "current" / "stages" / "normalize" / "records.parquet")


@pytest.fixture(scope="module")
def as_first_run(sample_records):
    return dedupe(sample_records, th=Thresholds())


def _tables(result) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return result.pairs, result.review, result.queue


def _reranked(tables, records, limit, priority):
    pairs, _, queue = tables
    pairs, review, queue = review_mod.rerank(schema.conform(pairs, schema.PAIRS), queue,
                                             records, limit, priority)
    return schema.conform(pairs, schema.PAIRS), review, queue


@settings(max_examples=12)
@given(data=st.data())
def test_reranking_gives_what_a_dedupe_with_that_priority_and_limit_gives(
        sample_records, as_first_run, data):
    """For any notes, targets and limit: ranking a run's queue again equals a dedupe of the
    same records with them; and ranking that again with the first run's answers gives the
    first run's tables back (a queue survives any number of nights)."""
    first = _tables(as_first_run)
    records = as_first_run.records
    queued = sorted(set(first[1]["person_id_l"]) | set(first[1]["person_id_r"]))
    people = sorted(records["person_id"].unique().to_list())
    orgs = sorted(records["org_key"].drop_nulls().unique().to_list())
    noted = data.draw(st.sets(st.sampled_from(queued + people[:10])), label="noted")
    targets = data.draw(st.sets(st.sampled_from(orgs), max_size=3), label="targets")
    limit = data.draw(st.integers(0, 6), label="limit")
    priority = review_mod.Priority(noted=frozenset(noted), target_orgs=frozenset(targets))

    again = _reranked(first, records, limit, priority)
    direct = _tables(dedupe(sample_records, th=Thresholds(review_limit=limit),
                            priority=priority))
    for got, want in zip(again, direct, strict=True):
        assert got.equals(want)
    back = _reranked(again, records, Thresholds().review_limit, review_mod.Priority())
    for got, want in zip(back, first, strict=True):
        assert got.equals(want)
