"""Ingest's jobs are shared between the main process and the worker pool (ingest_jobs): every
job runs exactly once, the results come back in job order whoever ran them, a failure on
either side is raised, and the main process parses its share of a real ingest."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline.inputs import Limits
from pipeline.stages import ingest, ingest_jobs, vcard_split
from pipeline.synth_spec import generate


def _shared(jobs, processes, here_delay=0.0):
    ran = {"here": [], "pool": []}
    lock = threading.Lock()

    def work(side, job):
        with lock:
            ran[side].append(job)
        time.sleep(job[1])
        return ("result", job[0])

    def here(job):
        time.sleep(here_delay)
        return work("here", job)

    with ThreadPoolExecutor(max(processes, 1)) as pool:
        results = ingest_jobs.run_shared(jobs, here, lambda j: pool.submit(work, "pool", j),
                                         processes)
    return results, ran


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.0, 0.001, 0.003]), max_size=14),
       st.integers(0, 2), st.sampled_from([0.0, 0.002]))
def test_every_job_runs_once_and_results_keep_job_order(delays, processes, here_delay):
    jobs = list(enumerate(delays))
    results, ran = _shared(jobs, processes, here_delay)
    assert results == [("result", i) for i in range(len(jobs))]
    assert sorted(ran["here"] + ran["pool"]) == jobs  # each once, on one side or the other
    if processes == 0:
        assert ran["pool"] == []


def test_a_failure_on_either_side_is_raised():
    def boom(job):
        raise ValueError(f"job {job}")

    # here: with no workers every job runs here
    with pytest.raises(ValueError):
        ingest_jobs.run_shared(list(range(6)), boom, lambda j: None, 0)
    # in the pool: this thread's job waits until a pool job has failed, so the feeder
    # takes one whatever the scheduling
    failed = threading.Event()

    def pool_boom(job):
        failed.set()
        boom(job)

    with ThreadPoolExecutor(1) as pool:
        with pytest.raises(ValueError):
            ingest_jobs.run_shared(list(range(6)), lambda j: failed.wait(10) and j,
                                   lambda j: pool.submit(pool_boom, j), 1)


def test_the_main_process_parses_a_share_of_the_files(tmp_path: Path, monkeypatch):
    """Two parsers on two cores are this process and one worker (not two workers while this
    process waits); the tables equal one process reading the files in turn."""
    exports = tmp_path / "exports"
    generate(900, 17, exports, ("linkedin", "google", "vcard"), owner_files=False,
             messages=True, truth_path=tmp_path / "truth.parquet",
             people_truth_path=tmp_path / "people.parquet")
    whole = ingest.ingest([exports], exclude=[], limits=Limits(), workers=1)

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    here_jobs, seen = [], []
    real = ingest_jobs.run_shared

    def recording(jobs, here, submit, processes, done=None):
        seen.append((len(jobs), processes))
        return real(jobs, lambda j: here_jobs.append(j) or here(j), submit, processes, done)

    monkeypatch.setattr(ingest_jobs, "run_shared", recording)
    progress = []
    shared = ingest.ingest([exports], exclude=[], limits=Limits(), workers=2,
                           progress=lambda d, t: progress.append((d, t)))

    assert seen and seen[0][1] == 1 and seen[0][0] > 2
    assert here_jobs  # this process parsed some files itself
    assert progress[-1] == (progress[-1][1], progress[-1][1])
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    for name in ("contacts", "rejects", "interactions", "owner"):
        assert_frame_equal(getattr(shared, name), getattr(whole, name))
    assert_frame_equal(shared.files.drop("cache_key", "cache_hit", strict=False),
                       whole.files.drop("cache_key", "cache_hit", strict=False))
