"""A first run's ingest worker is spawned from the command line, before the pipeline's imports
(pipeline.startup.prestart_ingest_worker), so its start-up overlaps them: which command lines
start it, that ingest takes it and reads the same tables, and that one no ingest takes is shut
down."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline import startup
from pipeline.inputs import Limits
from pipeline.stages import ingest, vcard_split
from pipeline.synth_spec import generate


@pytest.fixture(autouse=True)
def _no_early_worker():
    startup.drop_ingest_worker()
    yield
    startup.drop_ingest_worker()


def test_first_runs_and_ingests_name_their_inputs(tmp_path: Path):
    fresh, done = tmp_path / "fresh", tmp_path / "done"
    (done / "current").mkdir(parents=True)  # a folder with a published run
    first = startup._first_ingest
    assert first(["run", "a.zip", "b.csv", "--out", str(fresh)]) == ["a.zip", "b.csv"]
    assert first(["-v", "run", "--as-of", "2026-11-22", "a", f"--out={fresh}"]) == ["a"]
    assert first(["run", "a", "--config", "k.toml", "--out", str(done), "--full"]) == ["a"]
    assert first(["ingest", "a", "--out", str(done)]) == ["a"]
    # a refresh may find nothing changed; inputs or DIR from the config: ingest decides alone
    assert first(["run", "a", "--out", str(done)]) is None
    assert first(["run", "--out", str(fresh)]) is None
    assert first(["run", "a"]) is None
    assert first(["dedupe", "--out", str(fresh)]) is None
    assert first(["explain", "Ann Lee", "--out", str(fresh)]) is None


@pytest.mark.parametrize("as_of", ["2026-13-01", "22/11/2026", "tomorrow", ""])
def test_a_bad_as_of_starts_no_worker(tmp_path: Path, as_of: str):
    """click refuses the date at once; a worker spawned for it delayed that exit ~0.5 s."""
    fresh = str(tmp_path / "fresh")
    assert startup._first_ingest(["run", "a", "--out", fresh, "--as-of", as_of]) is None
    assert startup._first_ingest(["run", "a", "--out", fresh, f"--as-of={as_of}"]) is None
    assert startup._first_ingest(["run", "a", "--out", fresh, "--as-of"]) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["x.csv", "y.vcf", "exports", "z.zip"]), min_size=1,
                max_size=4),
       st.permutations(["--as-of", "--config", "-v", "--full"]),
       st.booleans())
def test_option_values_are_never_inputs(inputs, options, joined):
    """Wherever the options stand, their values are not taken for INPUTs."""
    argv = ["run", *inputs]
    for opt in options:
        value = {"--as-of": "2026-11-22", "--config": "k.toml"}.get(opt)
        if value is None:
            argv.append(opt)
        else:
            argv += [f"{opt}={value}"] if joined else [opt, value]
    argv += ["--out", "/nonexistent/kith-out"]
    assert startup._first_ingest(argv) == inputs


def test_too_few_bytes_start_no_worker(tmp_path: Path):
    small = tmp_path / "a.csv"
    small.write_text("First Name,Last Name\nAnn,Lee\n", "utf-8")
    startup.prestart_ingest_worker(["run", str(small), "--out", str(tmp_path / "o")])
    assert startup._early is None


def _exports(tmp_path: Path) -> Path:
    exports = tmp_path / "exports"
    generate(600, 23, exports, ("linkedin", "google", "vcard"), owner_files=False,
             messages=True, truth_path=tmp_path / "truth.parquet",
             people_truth_path=tmp_path / "people.parquet")
    return exports


def test_ingest_takes_the_early_worker_and_reads_the_same_tables(tmp_path: Path,
                                                                 monkeypatch):
    exports = _exports(tmp_path)
    whole = ingest.ingest([exports], exclude=[], limits=Limits(), workers=1)
    monkeypatch.setattr(startup, "INGEST_PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    startup.prestart_ingest_worker(["run", str(exports), "--out", str(tmp_path / "o")])
    early = startup._early
    assert early is not None
    used = []
    real = ingest._ingest_parallel

    def recording(*args):
        used.append(args[-1])
        return real(*args)

    monkeypatch.setattr(ingest, "_ingest_parallel", recording)
    shared = ingest.ingest([exports], exclude=[], limits=Limits(), workers=2)
    assert used == [early] and startup._early is None  # taken, not a second pool started
    for name in ("contacts", "rejects", "interactions", "owner"):
        assert_frame_equal(getattr(shared, name), getattr(whole, name))


def test_an_early_worker_no_parallel_ingest_wants_is_shut_down(tmp_path: Path, monkeypatch):
    """One file that cannot be split is read here alone: the worker goes, the table is the
    same; a command that never reached ingest drops it too."""
    exports = _exports(tmp_path)
    one = next(p for p in exports.rglob("*") if p.suffix == ".csv")
    alone = ingest.ingest([one], exclude=[], limits=Limits(), workers=1)
    monkeypatch.setattr(startup, "INGEST_PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    startup.prestart_ingest_worker(["ingest", str(one), "--out", str(tmp_path / "o")])
    early = startup._early
    assert early is not None
    again = ingest.ingest([one], exclude=[], limits=Limits(), workers=2)
    assert startup._early is None and early._shutdown_thread
    assert_frame_equal(again.contacts, alone.contacts)

    startup.prestart_ingest_worker(["ingest", str(one), "--out", str(tmp_path / "o")])
    early = startup._early
    startup.drop_ingest_worker()
    assert startup._early is None and early._shutdown_thread
