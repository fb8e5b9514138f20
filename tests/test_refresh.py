"""Crash safety, locking, state, incremental refresh, changes, scheduling and forgetting."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import build_exports
from exports_support import edit_connections, this_tree_env

from pipeline import cache
from pipeline.cli import main
from pipeline.outputs import run_lock

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("records", "people", "pairs", "review", "interactions", "owner", "rejects", "files",
          "changes")


def kith(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def kith_process(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, env=this_tree_env(**(env or {})))


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.parquet").read_bytes() for name in TABLES}


@pytest.fixture
def first_home(first_runs, monkeypatch) -> Path:
    """A folder holding `exports`, `out` (a finished `kith run` of them) and `cwd`, the working
    folder that run had (its default notes file, data/notes.csv, is there), which becomes the
    test's: the run made once in this module, a fresh copy per test (tests/home_copies.py)."""
    def make(work: Path) -> None:
        exports = build_exports(work / "exports")
        assert kith("run", str(exports), "--out", str(work / "out")).exit_code == 0

    return first_runs.fresh_in_cwd("first", make, monkeypatch)


@pytest.fixture
def first(first_home) -> Path:
    return first_home / "out"


@pytest.fixture
def exports(request, tmp_path) -> Path:
    """A test that starts from `first` reads (and may edit) the exports that run read; any
    other test builds its own."""
    if "first" in request.fixturenames:
        return request.getfixturevalue("first_home") / "exports"
    return build_exports(tmp_path / "exports")


@pytest.mark.parametrize("where", ["after-ingest", "after-normalize", "after-dedupe",
                                   "before-publish"])
def test_sigkill_mid_run_leaves_previous_output(first, exports, where):
    before = snapshot(first)
    edit_connections(exports, "Initech", "Globex")
    proc = kith_process("run", str(exports), "--out", str(first),
                        env={"KITH_TEST_CRASH_AT": where})
    assert proc.returncode == -9, proc.stderr
    assert snapshot(first) == before  # previous complete run still current and readable
    for name in TABLES:
        pl.read_parquet(first / f"{name}.parquet")
    # the next run after the kill (in this process: the killed one is the process under test)
    res = kith("run", str(exports), "--out", str(first))
    assert res.exit_code == 0, res.output
    assert not list((first / "runs").glob(".*.tmp"))
    changes = pl.read_parquet(first / "changes.parquet")
    assert "job" in changes["change"].to_list()


def test_second_concurrent_run_exits_75(first, exports):
    with run_lock(first):
        proc = kith_process("run", str(exports), "--out", str(first))
    assert proc.returncode == 75
    assert "another kith run" in proc.stderr.lower()


def test_unwritable_output_keeps_previous(first, exports, monkeypatch):
    """A write that fails half-way (disk full, read-only folder) leaves the previous run."""
    before = snapshot(first)
    import pipeline.outputs as outputs

    real = outputs.write_parquet
    calls = {"n": 0}

    def failing(frame, path):
        calls["n"] += 1
        if calls["n"] == 5:
            raise PermissionError(13, "Permission denied")
        return real(frame, path)

    monkeypatch.setattr(outputs, "write_parquet", failing)
    res = kith("run", "--full", str(exports), "--out", str(first))
    assert res.exit_code == 1 and "Permission denied" in res.output
    assert snapshot(first) == before
    assert not list((first / "runs").glob(".*.tmp"))


def test_read_only_output_folder(first, exports):
    if os.geteuid() == 0:
        # root ignores permission bits; the failing-write test above covers this path for root
        res = kith("run", "--full", str(exports), "--out", str(first))
        assert res.exit_code == 0
        return
    before = snapshot(first)
    (first / "runs").chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert kith("run", "--full", str(exports), "--out", str(first)).exit_code == 1
    finally:
        (first / "runs").chmod(0o700)
    assert snapshot(first) == before


def test_output_path_that_is_a_file_is_a_usage_error(exports, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    res = kith("run", str(exports), "--out", str(blocker))
    assert res.exit_code == 2 and "is a file" in res.output


def test_corrupt_state_is_rebuilt_with_a_message(first, exports):
    ids = pl.read_parquet(first / "people.parquet")["person_id"].sort().to_list()
    state = first / "current" / "state" / "person_ids.parquet"
    state.unlink()  # the file is a hard link shared with no one else after this
    state.write_bytes(b"PAR1 truncated")
    proc = kith_process("run", str(exports), "--out", str(first))
    assert proc.returncode == 0
    assert "rebuilt" in proc.stderr
    # rebuilt ids derive from record content, so they come out the same
    assert pl.read_parquet(first / "people.parquet")["person_id"].sort().to_list() == ids


def test_truncated_stage_table_is_refused_not_trusted(first):
    table = first / "current" / "stages" / "ingest" / "contacts.parquet"
    data = table.read_bytes()
    table.unlink()
    table.write_bytes(data[: len(data) // 2])
    proc = kith_process("normalize", "--out", str(first))
    assert proc.returncode == 1
    assert "not a readable Parquet table" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_permissions_are_owner_only(first):
    current = (first / "current").resolve()
    assert stat.S_IMODE(current.stat().st_mode) == 0o700
    for path in current.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_the_whole_output_folder_is_owner_only(first):
    """README: files readable by you only (0600, folders 0700). DIR/cache holds each file's
    parsed contacts and DIR/export the merged people: not only the run folders."""
    assert kith("export", "--format", "csv", "--out", str(first)).exit_code == 0
    assert any((first / "cache" / "ingest").rglob("*.parquet"))
    for path in [first, *first.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_a_decision_rerun_is_listed_by_status(first):
    """`kith status` lists the runs: the re-run a decision makes (tag, merge, undo, ...)
    becomes current, so it is one of them, as serve's background re-runs are."""
    person = pl.read_parquet(first / "people.parquet")["person_id"][0]
    res = kith("tag", person, "--add", "community", "--out", str(first))
    assert res.exit_code == 0, res.output
    last = json.loads((first / "history.jsonl").read_text("utf-8").splitlines()[-1])
    assert last["command"] == "tag" and last["outcome"] == "ok"
    assert last["run_id"] in os.readlink(first / "current")
    status = kith("status", "--out", str(first)).output.splitlines()
    assert " tag " in status[-2] and " ok " in status[-2]


def test_unchanged_inputs_are_not_parsed_again(first, exports):
    # but a small vCard, read again faster than its cache entry loads (cache.worth_storing)
    small = sum(1 for p in exports.rglob("*.vcf") if p.stat().st_size < cache.SMALL_VCARD_BYTES)
    assert small >= 1
    assert kith("run", "--full", str(exports), "--out", str(first)).exit_code == 0
    manifest = json.loads((first / "manifest.json").read_text())
    ingest = manifest["stages"]["ingest"]
    assert ingest["files_parsed"] == small and ingest["files_from_cache"] > 0
    edit_connections(exports, "Initech", "Globex")
    assert kith("run", str(exports), "--out", str(first)).exit_code == 0
    ingest = json.loads((first / "manifest.json").read_text())["stages"]["ingest"]
    assert ingest["files_parsed"] == 1 + small  # only Connections.csv changed


def test_damaged_cache_entry_is_a_miss(first, exports):
    for meta in (first / "cache" / "ingest").rglob("meta.json"):
        meta.write_text("{broken")
    assert kith("run", "--full", str(exports), "--out", str(first)).exit_code == 0
    ingest = json.loads((first / "manifest.json").read_text())["stages"]["ingest"]
    assert ingest["files_from_cache"] == 0


def test_last_n_runs_are_kept(exports, tmp_path):
    cfg = tmp_path / "kith.toml"
    cfg.write_text("keep_runs = 2\n")
    out = tmp_path / "out"
    for _ in range(4):
        assert kith("run", "--full", str(exports), "--out", str(out), "--config", str(cfg)).exit_code == 0
    runs = [p for p in (out / "runs").iterdir() if not p.name.startswith(".")]
    assert len(runs) == 2
    assert (out / "current").resolve() in [r.resolve() for r in runs]


def test_changes_and_status(first, exports):
    edit_connections(exports, "Initech", "Globex")
    edit_connections(exports, "Dana,Scully", "Dana,Scully-Mulder")
    assert kith("run", str(exports), "--out", str(first)).exit_code == 0
    res = kith("changes", "--out", str(first))
    assert "moved from Initech to Globex" in res.output
    status = kith("status", "--out", str(first)).output
    assert status.count(" ok ") == 2 and "people" in status


def test_schedule_prints_all_three_and_installs(tmp_path, monkeypatch):
    cfg = tmp_path / "kith.toml"
    cfg.write_text('inputs = ["exports"]\n')
    res = kith("schedule", "--at", "02:30", "--config", str(cfg))
    assert res.exit_code == 0
    assert "Persistent=true" in res.output and "OnCalendar=*-*-* 02:30:00" in res.output
    assert "30 2 * * * " in res.output and "flock -n" in res.output
    assert "<key>Hour</key>" in res.output
    assert kith("schedule", "--at", "25:00", "--config", str(cfg)).exit_code == 2
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("pipeline.schedule.system_kind", lambda: "systemd")
    res = kith("schedule", "--install", "--config", str(cfg))
    assert res.exit_code == 0 and "systemctl --user" in res.output
    assert (tmp_path / ".config/systemd/user/kith-refresh.timer").exists()


def test_forget_removes_everywhere_and_stays_forgotten(first, exports, tmp_path):
    cfg = tmp_path / "kith.toml"
    cfg.write_text('[files]\nsuppress = "suppressed.toml"\nnotes = "notes.csv"\n')
    (tmp_path / "notes.csv").write_text("person_id,name,need\n")
    people = pl.read_parquet(first / "people.parquet")
    dana = people.filter(pl.col("display_name") == "Dana Scully")["person_id"][0]
    with open(tmp_path / "notes.csv", "a") as fh:
        fh.write(f"{dana},Dana Scully,a referral\nx,Someone,else\n")
    res = kith("forget", "Dana Scully", "--yes", "--out", str(first), "--config", str(cfg))
    assert res.exit_code == 0, res.output
    assert "dana" not in (tmp_path / "suppressed.toml").read_text().lower()
    for table in (first / "runs").rglob("*.parquet"):
        frame = pl.read_parquet(table)
        for col in ("display_name", "family_name", "counterpart_name", "name_l", "name_r"):
            if col in frame.columns:
                assert not frame[col].cast(pl.String).str.contains("Scully").any(), table
    assert "a referral" not in (tmp_path / "notes.csv").read_text()
    assert "Someone" in (tmp_path / "notes.csv").read_text()
    res = kith("run", str(exports), "--out", str(first), "--config", str(cfg))
    assert res.exit_code == 0
    assert "Dana Scully" not in pl.read_parquet(first / "people.parquet")["display_name"].to_list()
    rejects = pl.read_parquet(first / "rejects.parquet")
    forgotten = rejects.filter(pl.col("reason").str.starts_with("Forgotten"))
    # her connection row and the message the owner sent her
    assert sorted(f.split("!")[-1] for f in forgotten["source_file"]) == ["Connections.csv",
                                                                        "messages.csv"]
    assert forgotten["excerpt"].to_list() == ["", ""]


def test_run_lock_can_wait_for_a_holder_that_finishes(tmp_path):
    """kith batch retries an owner whose earlier attempt may still hold the owner's folder."""
    import threading
    import time

    from pipeline.outputs import LockedError

    held, release = threading.Event(), threading.Event()

    def holder():
        with run_lock(tmp_path):
            held.set()
            release.wait(5)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    with pytest.raises(LockedError):
        with run_lock(tmp_path):
            pass
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with run_lock(tmp_path, wait=5):
        assert time.monotonic() - started >= 0.3
    t.join()


def test_identity_lineage_is_what_dedupe_computes_for_the_same_clustering():
    """A state written from the clustering the records carry, some of its records gone since:
    refresh.identity_lineage gives dedupe.stage._lineage's table (same and gone, in order)."""
    from pipeline.dedupe.stage import _lineage
    from pipeline.refresh import identity_lineage

    state = pl.DataFrame({"record_id": [f"r{i}" for i in range(40)],
                          "person_id": [f"p{(i * 7) % 13:02d}" for i in range(40)]})
    records = state.filter(~pl.col("person_id").is_in(["p03", "p11"])
                           & (pl.col("record_id") != "r5"))
    got = identity_lineage(state, records)
    assert got.equals(_lineage(state, records))
    assert set(got.filter(pl.col("change") == "gone")["previous_person_id"]) == {"p03", "p11"}
