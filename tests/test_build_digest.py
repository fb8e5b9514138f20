"""kith's code digest (pipeline.build) keys the ingest cache and the refresh fingerprint, so a
source checkout whose code changed without a new version recomputes instead of reusing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pipeline import __version__, build, cache, refresh
from pipeline import config as config_mod
from pipeline.run import run

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2025, 3, 1)


def test_digest_covers_code_and_data_files(tmp_path, monkeypatch):
    copy = tmp_path / "pipeline"
    shutil.copytree(build.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "PACKAGE", copy)
    build.digest.cache_clear()
    try:
        first = build.digest()
        (copy / "data" / "networks.toml").write_text(
            (copy / "data" / "networks.toml").read_text() + "\n# edited\n")
        build.digest.cache_clear()
        after_data = build.digest()
        (copy / "formats" / "extra_reader.py").write_text("X = 1\n")
        build.digest.cache_clear()
        after_code = build.digest()
        (copy / "formats" / "notes.bak").write_text("not code\n")
        build.digest.cache_clear()
        assert len({first, after_data, after_code}) == 3
        assert build.digest() == after_code
    finally:
        build.digest.cache_clear()


def test_a_code_change_is_a_changed_input(tmp_path, monkeypatch):
    """The same exports after kith's code changed: the refresh runs every stage again and a
    stage-1 cache entry of the old code is not read."""
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    (home / "exports" / "contacts.csv").write_text(
        "First Name,Last Name,E-mail 1 - Value\nAda,Lovelace,ada@example.org\n")
    (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    cfg = config_mod.load(home / "kith.toml")
    run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=True)
    again = run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=True)
    assert again.reused
    old_key = cache.key("0" * 64, "auto")
    monkeypatch.setattr(build, "digest", lambda: "another-build")
    assert cache.key("0" * 64, "auto") != old_key
    assert refresh.fingerprint(cfg, cfg.inputs, cfg.out, DAY)["kith"].startswith(
        f"{__version__}+another-build/")
    changed = run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=True)
    assert not changed.reused and changed.reused_stages == []
    assert changed.stages["ingest"]["files_parsed"] == 1
