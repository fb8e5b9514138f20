"""The speed paths give the same outputs as the plain ones, on books of three generators.

kith switches to other code paths above size thresholds that exist only for speed: ingest in
worker processes, large vCards split at card boundaries and read by the vectorised reader,
phone numbers parsed in a process pool in chunks, blocking rule by rule, pairs scored in
chunks, string distances computed in parallel, vCard rows flushed in batches, worksheets' rows
built in a second thread. None of them may change a single output. tests/test_pipeline_sweep.py
checks that every input row is accounted for on those paths; here the same book is run twice,
once with the thresholds as shipped (a small book takes every plain path) and once with every
one lowered so the speed paths run, and every table and worksheet of the two runs must be
equal (bench/compare_homes.py, the A/B check used for benchmarks).

The books are random picks, fixed by a seed: a generator (pipeline.synth, pipeline.synth_spec,
or the blind ones, bench/gen3, bench/gen5 and bench/gen6), a subset of its sources and a size.
"""

from __future__ import annotations

import collections
import os
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.dedupe import blocking, compare, similarity
from pipeline.formats import base, vcard
from pipeline.normalize import phone_parse
from pipeline.stages import ingest, vcard_split
from pipeline.worksheets import render

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # as the other bench tests import bench's modules
from compare_homes import compare as compare_homes  # noqa: E402
from gen3 import book as gen3  # noqa: E402
from gen5 import generate as gen5  # noqa: E402
from gen6 import generate as gen6  # noqa: E402

# module, attribute, value that puts a book of a few hundred records on the speed path
LOWERED = [
    (ingest, "PARALLEL_MIN_BYTES", 0),
    (vcard_split, "SPLIT_MIN_BYTES", 0),
    (vcard_split, "PART_BYTES", 16 * 1024),
    (vcard, "FAST_MIN_CHARS", 0),
    (base.ArrowRows, "BATCH", 37),
    (phone_parse, "POOL_MIN", 5),
    (phone_parse, "CHUNK", 41),
    (blocking, "ALL_AT_ONCE", 10),
    (compare, "SCORE_CHUNK", 97),
    (similarity, "CPDIST_PARALLEL_MIN", 10),
    (render, "SIDE_THREAD_FROM", 0),
]
GENERATORS = ("synth", "synth_spec", "gen3", "gen5", "gen6")  # the cases of the first three
# are as before: the seeds are drawn in this order
_rng = random.Random(20261205)
CASES = [
    (gen, _rng.randint(1, 1 << 30), _rng.choice([150, 400, 900]), _rng.random())
    for gen in GENERATORS for _ in range(1)
]


def _write_book(gen: str, seed: int, people: int, pick: float, out: Path) -> None:
    """A book of about `people` people by `gen`, keeping a random non-empty subset of its
    sources (`pick` chooses which)."""
    rng = random.Random(pick)
    if gen == "synth":
        from pipeline.synth import generate

        sources = ("linkedin", "google", "vcard")
        keep = tuple(sorted(rng.sample(sources, rng.randint(1, 3))))
        generate(people, seed, out, sources=keep, truth_path=out.parent / "t.parquet",
                 people_truth_path=out.parent / "p.parquet")
    elif gen == "synth_spec":
        from pipeline.synth_spec import generate

        sources = ("linkedin", "google", "vcard", "outlook", "crm")
        keep = tuple(sorted(rng.sample(sources, rng.randint(1, 5))))
        generate(people, seed, out, keep, owner_files=rng.random() < 0.5,
                 truth_path=out.parent / "t.parquet", people_truth_path=out.parent / "p.parquet")
    else:
        write = {"gen3": gen3.generate, "gen5": gen5, "gen6": gen6}[gen]
        write(people, seed, out, out.parent / "t.parquet")
        files = sorted(out.iterdir())
        for f in rng.sample(files, rng.randint(0, len(files) - 1)):
            f.unlink()


def _spy(monkeypatch, taken: collections.Counter, module, name: str, *, when=None) -> None:
    """Count the calls of module.name (those whose result passes `when`, if given) under
    taken["module.name"]."""
    real = getattr(module, name)

    def counted(*args, **kwargs):
        out = real(*args, **kwargs)
        if when is None or when(out):
            taken[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] += 1
        return out

    monkeypatch.setattr(module, name, counted)


def _run(monkeypatch, exports: Path, home: Path) -> Path:
    """`kith run` from `home` (its notes.csv goes to home/data: the runs share nothing)."""
    home.mkdir()
    monkeypatch.chdir(home)
    result = CliRunner().invoke(main, ["run", str(exports), "--out", "out",
                                       "--as-of", "2026-11-22", "-q"])
    assert result.exit_code == 0, result.output
    return home / "out"


@pytest.mark.parametrize(("gen", "seed", "people", "pick"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_speed_paths_change_no_output(tmp_path, monkeypatch, gen, seed, people, pick):
    exports = tmp_path / "exports"
    _write_book(gen, seed, people, pick, exports)
    plain = _run(monkeypatch, exports, tmp_path / "plain")
    for module, name, value in LOWERED:
        assert hasattr(module, name), f"{module.__name__}.{name} is gone: update LOWERED"
        monkeypatch.setattr(module, name, value)
    taken: collections.Counter = collections.Counter()
    _spy(monkeypatch, taken, ingest, "spawn_pool")
    _spy(monkeypatch, taken, vcard_split, "split_plan", when=lambda plan: plan is not None)
    _spy(monkeypatch, taken, phone_parse, "spawn_pool")
    _spy(monkeypatch, taken, compare, "_score_chunk")
    asked: list[int] = []  # numbers left to phonenumbers (the others are read column-wise)
    real_job = phone_parse.ParseJob.__init__
    monkeypatch.setattr(phone_parse.ParseJob, "__init__",
                        lambda job, region, expected: (asked.append(expected),
                                                       real_job(job, region, expected))[1])
    fast = _run(monkeypatch, exports, tmp_path / "fast")
    # the speed paths ran (those this book can take)
    files = sorted(p.name for p in exports.iterdir())
    cores = (os.cpu_count() or 1) > 1
    vcf = sum(f.endswith(".vcf") for f in files)  # gen5 and gen6 write several phone books
    assert taken["phone_parse.spawn_pool"] == (max(asked) >= 5), (taken, asked)
    if cores and (len(files) > 1 or vcf):
        assert taken["ingest.spawn_pool"] == 1, taken
    if cores and vcf:
        assert 1 <= taken["vcard_split.split_plan"] <= vcf, taken  # a tiny one is not split
    assert taken["compare._score_chunk"] > 1, taken
    assert compare_homes(plain, fast) == []
