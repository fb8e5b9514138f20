"""A lone large vCard file (a phone's whole address book, the only input) is split at card
boundaries and parsed by both workers, with the same rows as one process reading it whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from pipeline.inputs import Limits
from pipeline.stages import ingest, ingest_jobs, vcard_split
from pipeline.synth_spec import generate


def _ingest(folder: Path, workers: int) -> ingest.IngestResult:
    return ingest.ingest([folder], exclude=[], limits=Limits(), workers=workers)


def test_a_lone_vcard_file_is_split_for_the_workers(tmp_path, monkeypatch):
    exports = tmp_path / "exports"
    generate(1200, 31, exports, ("vcard",), owner_files=False, messages=False,
             truth_path=tmp_path / "truth.parquet", people_truth_path=tmp_path / "people.parquet")
    assert [p.name for p in exports.iterdir()] == ["phone_contacts.vcf"]
    whole = _ingest(exports, workers=1)

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    chunks = []
    real = ingest._merge_chunks
    monkeypatch.setattr(ingest, "_merge_chunks",
                        lambda src, parts, *a: chunks.append(len(parts)) or real(src, parts, *a))
    split = _ingest(exports, workers=2)

    assert chunks == [2]  # both workers had a part of the one file
    truth = pl.read_parquet(tmp_path / "truth.parquet")
    assert split.contacts.height + split.rejects.height == truth.height
    for name in ("contacts", "rejects", "interactions", "owner"):
        assert_frame_equal(getattr(split, name), getattr(whole, name))
    assert_frame_equal(split.files.drop("cache_key", "cache_hit", strict=False),
                       whole.files.drop("cache_key", "cache_hit", strict=False))


def test_jobs_are_ranked_by_a_zip_members_own_size(tmp_path):
    """A LinkedIn archive's members are ranked by their own (declared) sizes: ranked by the
    archive's size, its big messages.csv was handed out last and ran on alone at the end."""
    import zipfile

    from pipeline.inputs import Source

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("messages.csv", "a,b\n" + "x,y\n" * 50_000)  # compresses to a few KB
        zf.writestr("Skills.csv", "Name\nPython\n")
    plain = tmp_path / "contacts.csv"
    plain.write_bytes(b"First Name,Last Name\n" + b"Ada,Lovelace\n" * 1000)
    declared: dict = {}
    hint = {name: ingest_jobs.size_hint(Source(name, str(archive), (name,)), declared)
            for name in ("messages.csv", "Skills.csv", "missing.csv")}
    assert hint == {"messages.csv": 4 + 4 * 50_000, "Skills.csv": len("Name\nPython\n"),
                    "missing.csv": 0}
    assert list(declared) == [str(archive)]  # the archive's directory is read once
    assert ingest_jobs.size_hint(Source("contacts.csv", str(plain)), declared) == plain.stat().st_size
    assert ingest_jobs.size_hint(Source("gone.csv", str(tmp_path / "gone.csv")), declared) == 0
    assert hint["messages.csv"] > archive.stat().st_size  # the archive's size undersold it


def test_several_files_on_workers_started_before_the_plans(tmp_path, monkeypatch):
    """With several files the workers are started (and import) while the split plans read
    the files; every table equals one process reading the files in turn."""
    exports = tmp_path / "exports"
    generate(900, 13, exports, ("linkedin", "google", "vcard"), owner_files=False,
             messages=True, truth_path=tmp_path / "truth.parquet",
             people_truth_path=tmp_path / "people.parquet")
    assert len(list(exports.iterdir())) > 1
    whole = _ingest(exports, workers=1)

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    started = []
    real = ingest._warm_pool
    monkeypatch.setattr(ingest, "_warm_pool", lambda n: started.append(n) or real(n))
    parallel = _ingest(exports, workers=2)

    assert started == [1]  # one worker: this process parses the rest itself
    for name in ("contacts", "rejects", "interactions", "owner"):
        assert_frame_equal(getattr(parallel, name), getattr(whole, name))
    assert_frame_equal(parallel.files.drop("cache_key", "cache_hit", strict=False),
                       whole.files.drop("cache_key", "cache_hit", strict=False))
