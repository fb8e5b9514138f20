"""The refresh fingerprint's digests kept by the files' stat (pipeline.incremental.digests): an
unchanged export is not read again, any change of size, mtime, inode or ctime is, a file hashed
too soon after it was written is hashed again, and the fingerprint is the same either way."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from pipeline import config as config_mod
from pipeline import refresh
from pipeline.incremental import digests
from pipeline.incremental.digests import Digests

HOUR_NS = 3_600 * 10**9


@pytest.fixture
def later(monkeypatch):
    """The clock as it reads well after the files were written (their stat is no longer racy)."""
    real = time.time_ns
    monkeypatch.setattr(digests.time, "time_ns", lambda: real() + 10 * digests.SLACK_NS)


def _exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    (folder / "sub").mkdir(parents=True)
    (folder / "contacts.csv").write_text("First Name,Last Name\nAda,Lovelace\n")
    (folder / "sub" / "cards.vcf").write_text("BEGIN:VCARD\nFN:Ada\nEND:VCARD\n")
    return folder


def _digest(folder: Path, cache: Path | None) -> tuple[str, int]:
    known = Digests(cache)
    value = refresh.files_digest([folder], [], known)
    known.save()
    return value, known.hashed


def test_unchanged_files_are_not_read_again(tmp_path, later):
    folder, cache = _exports(tmp_path), tmp_path / "digests.json"
    plain = refresh.files_digest([folder], [])
    assert _digest(folder, cache) == (plain, 2)
    assert _digest(folder, cache) == (plain, 0)  # both taken from the cache


@pytest.mark.parametrize("change", ["bytes_same_size_and_mtime", "touch", "replace", "grow"])
def test_any_change_of_the_stat_reads_the_file_again(tmp_path, later, change):
    folder, cache = _exports(tmp_path), tmp_path / "digests.json"
    path = folder / "contacts.csv"
    _digest(folder, cache)
    st = path.stat()
    time.sleep(0.02)  # past the kernel's timestamp tick: the ctime of what follows is later
    if change == "bytes_same_size_and_mtime":  # an edit that restores the old mtime
        path.write_text("First Name,Last Name\nAda,Lovelacf\n")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    elif change == "touch":
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    elif change == "replace":  # another file (another inode) put in its place
        (tmp_path / "new.csv").write_text("First Name,Last Name\nBob,Lovelace\n")
        os.replace(tmp_path / "new.csv", path)
    else:
        path.write_text("First Name,Last Name\nAda,Lovelace\nBob,Byron\n")
    value, hashed = _digest(folder, cache)
    assert hashed == 1  # only the changed file
    assert value == refresh.files_digest([folder], [])


def test_a_file_hashed_as_it_was_written_is_hashed_again(tmp_path):
    """Racy: within SLACK of its mtime or ctime, the stat cannot vouch for the bytes."""
    folder, cache = _exports(tmp_path), tmp_path / "digests.json"
    assert _digest(folder, cache)[1] == 2
    assert _digest(folder, cache)[1] == 2  # written just now: still not trusted
    old = time.time_ns() - HOUR_NS
    for path in (folder / "contacts.csv", folder / "sub" / "cards.vcf"):
        os.utime(path, ns=(old, old))  # an old mtime, but setting it moved the ctime to now
    assert _digest(folder, cache)[1] == 2


def test_a_damaged_cache_is_only_a_miss(tmp_path, later):
    folder, cache = _exports(tmp_path), tmp_path / "digests.json"
    plain = refresh.files_digest([folder], [])
    for text in ("{not json", '{"version": 1, "files": []}', '{"version": 99, "files": {}}',
                 '{"version": 1, "files": {"x": 3}}'):
        cache.write_text(text)
        assert _digest(folder, cache) == (plain, 2)
    short = {str((folder / "contacts.csv").absolute()): [1, 2, 3, 4, 5]}
    cache.write_text(json.dumps({"version": 1, "files": short}))
    assert _digest(folder, cache) == (plain, 2)


def test_the_run_keeps_the_cache_and_its_fingerprint_is_unchanged(tmp_path, later, monkeypatch):
    """refresh.fingerprint keeps the digests under DIR/cache; a second fingerprint reads no
    export and records the same parts as the first."""
    folder = _exports(tmp_path)
    (tmp_path / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    cfg = config_mod.load(tmp_path / "kith.toml")
    day = dt.date(2026, 11, 22)
    first = refresh.fingerprint(cfg, cfg.inputs, cfg.out, day)
    assert (cfg.out / digests.CACHE).exists()
    read: list[Path] = []
    real = refresh.file_digest
    monkeypatch.setattr(refresh, "file_digest", lambda p: read.append(p) or real(p))
    assert refresh.fingerprint(cfg, cfg.inputs, cfg.out, day) == first
    assert not [p for p in read if p is not None and folder in Path(p).parents]


def test_the_users_files_are_kept_by_their_stat_too(tmp_path, later, monkeypatch):
    """The notes file (and the other files of the fingerprint) is read again only when its
    stat moved: an edit that keeps the size and puts the old mtime back still changes the
    fingerprint's notes part."""
    _exports(tmp_path)
    (tmp_path / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    cfg = config_mod.load(tmp_path / "kith.toml")
    notes = cfg.files["notes"]
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("person_id,need\np1,a job\n")
    day = dt.date(2026, 11, 22)
    first = refresh.fingerprint(cfg, cfg.inputs, cfg.out, day)
    read: list[Path] = []
    real = refresh.file_digest
    monkeypatch.setattr(refresh, "file_digest", lambda p: read.append(p) or real(p))
    assert refresh.fingerprint(cfg, cfg.inputs, cfg.out, day) == first
    assert notes not in read
    st = notes.stat()
    time.sleep(0.02)
    notes.write_text("person_id,need\np1,a jot\n")
    os.utime(notes, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = refresh.fingerprint(cfg, cfg.inputs, cfg.out, day)
    assert notes in read and again["notes"] == real(notes) != first["notes"]
    assert {k for k in first if first[k] != again[k]} == {"notes"}
