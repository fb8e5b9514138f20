"""Ingest's worker, idle once ingest ends, is kept for normalize's phone parsing
(pipeline.startup.keep_spare_worker): a parse batch below the phone pool's threshold goes to it
and reads what this process reads; a kept worker nobody takes is shut down (the end of
normalize, the end of a command); the run's tables are those of a run without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from pipeline import startup
from pipeline.inputs import Limits
from pipeline.normalize import phones
from pipeline.stages import ingest, vcard_split
from pipeline.stages.normalize import normalize_records
from pipeline.synth import generate

# pre-keys as normalize hands them over: valid, invalid, foreign, placeholder, unparsable
KEYS = ["4155550134", "+14155550134", "+442079460958", "02079460958", "5555555555",
        "+861012345678", "123", "", "+33142685300", "0142685300", "+919833019416",
        "2125550199", "+12125550199", "9999999999999999"]


@pytest.fixture(autouse=True)
def _no_kept_worker():
    startup.drop_ingest_worker()
    startup.drop_spare_worker()
    yield
    startup.drop_ingest_worker()
    startup.drop_spare_worker()


def test_a_parse_below_the_pool_threshold_goes_to_the_kept_worker():
    pool = startup.spawn_pool(1)
    startup.keep_spare_worker(pool)
    assert startup._spare is pool
    keys = KEYS * 40  # 560 keys: at least SPARE_MIN, far below POOL_MIN
    assert phones.SPARE_MIN <= len(keys) < phones.POOL_MIN
    job = phones.ParseJob("US", len(keys))
    assert job._pool is pool and startup._spare is None  # taken, now the job's
    job.submit(keys)
    assert job._futures  # sent to the worker, not parsed here
    assert job.result() == phones.parse_keys(keys, "US")
    assert pool._shutdown_thread  # the job shut it down with its result


def test_a_small_parse_leaves_the_kept_worker_and_dropping_shuts_it_down():
    pool = startup.spawn_pool(1)
    startup.keep_spare_worker(pool)
    few = KEYS[:5]
    assert phones.parse_unique(few, "GB") == phones.parse_keys(few, "GB")
    assert startup._spare is pool and not pool._shutdown_thread  # too few to send
    startup.drop_spare_worker()
    assert startup._spare is None and pool._shutdown_thread


def test_keeping_a_second_worker_shuts_the_first_down():
    first, second = startup.spawn_pool(1), startup.spawn_pool(1)
    startup.keep_spare_worker(first)
    startup.keep_spare_worker(second)
    assert startup._spare is second and first._shutdown_thread


def test_a_shut_down_pool_is_not_kept():
    pool = startup.spawn_pool(1)
    pool.shutdown(wait=True)
    startup.keep_spare_worker(pool)
    assert startup._spare is None


def test_parallel_ingest_keeps_its_worker_and_normalize_reads_the_same(tmp_path: Path,
                                                                       monkeypatch):
    exports = tmp_path / "exports"
    generate(600, 29, exports, truth_path=tmp_path / "truth.parquet",
             people_truth_path=tmp_path / "people.parquet")
    alone = ingest.ingest([exports], exclude=[], limits=Limits(), workers=1)
    assert startup._spare is None  # one process: nothing to keep
    expected = normalize_records(alone.contacts, default_region="US")

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(phones, "SPARE_MIN", 1)  # this book's few numbers go to it too
    shared = ingest.ingest([exports], exclude=[], limits=Limits(), workers=2)
    kept = startup._spare
    assert kept is not None and not kept._shutdown_thread
    sent = []
    real = phones.ParseJob.submit

    def recording(self, keys):
        sent.append((self._pool is kept, len(keys)))
        return real(self, keys)

    monkeypatch.setattr(phones.ParseJob, "submit", recording)
    got = normalize_records(shared.contacts, default_region="US")
    assert sent[0][0] and sent[0][1] > 0  # the book's numbers were parsed by the kept worker
    assert startup._spare is None and kept._shutdown_thread
    assert_frame_equal(got, expected)
