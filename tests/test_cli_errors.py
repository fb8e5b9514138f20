"""Every `kith` command fails the same way: one sentence on stderr starting with "kith: ", the
documented exit code, never a traceback (pipeline.errors, rendered by pipeline.cli_base).

- A run holding the output folder's lock: commands that change the outputs exit 75 before
  saving anything; commands that only read the published run still work (the `current` link
  always shows one complete run).
- A missing output folder, or a damaged table: exit 1 with a sentence that says what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.outputs import run_lock

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"

# Commands that change the published outputs: a held lock means exit 75, nothing saved.
WRITERS = {
    "run": ["run", str(SAMPLE)],
    "ingest": ["ingest", str(SAMPLE)],
    "normalize": ["normalize"],
    "dedupe": ["dedupe"],
    "merge": ["merge", "Sarah Lambert", "Lori Gregory"],
    "keep-apart": ["keep-apart", "Sarah Lambert", "Lori Gregory"],
    "split": ["split", "Sarah Lambert", "RECORD"],
    "undo": ["undo", "1"],
    "review": ["review"],
    "tag": ["tag", "Sarah Lambert", "--add", "peer"],
    "forget": ["forget", "Sarah Lambert", "--yes"],
}
# Commands that read the published run (or only the user's own files).
READERS = {
    "explain": ["explain", "Sarah Lambert"],
    "networks": ["networks", "Sarah Lambert"],
    "targets": ["targets"],
    "dormant": ["dormant"],
    "changes": ["changes"],
    "status": ["status"],
    "decisions": ["decisions"],
    "export": ["export", "--format", "csv", "--output", "EXPORT"],
    "note": ["note", "Sarah Lambert"],
    "log": ["log", "Sarah Lambert", "talked", "coffee"],
    "plan": ["plan"],
    "introductions": ["introductions"],
    "companies": ["companies"],
}
# No single-user output folder, or a server: tested below, in test_serve.py and in
# test_batch_spark_cluster.py (batch-env).
OTHERS = {"init", "schedule", "batch", "batch-env", "serve"}


def test_the_lists_cover_every_command():
    import click

    from pipeline import cli_base

    everything = set(main.list_commands(click.Context(main)))
    assert set(WRITERS) | set(READERS) | OTHERS == everything
    # every command outside pipeline.cli is in the lazy map, and only those
    own = {"run", "ingest", "normalize", "dedupe", "init"}
    assert set(cli_base.COMMANDS) == everything - own


def test_a_run_does_not_import_the_other_commands():
    code = ("import sys; from pipeline.cli import main\n"
            "assert 'pipeline.cli_serve' not in sys.modules\n"
            "assert 'pipeline.cli_enrich' not in sys.modules\n"
            "assert 'starlette' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("published")
    (home / "kith.toml").write_text('out = "out"\n', "utf-8")
    res = kith(home, "run", str(SAMPLE), "--as-of", "2025-12-01")
    assert res.exit_code == 0, res.output
    return home


@pytest.fixture
def home(published, tmp_path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(published, copy, symlinks=True)
    (copy / "configs").mkdir(exist_ok=True)
    (copy / "configs" / "decisions.toml").write_text(
        '[[decision]]\nid = 1\nkind = "different"\na = "record:r_x"\nb = "record:r_y"\n'
        'note = "test"\ncreated = "2025-01-01"\n', "utf-8")
    return copy


def kith(home: Path, *args: str):
    args = [a.replace("EXPORT", str(home / "export.csv")) for a in args]
    return CliRunner().invoke(main, [*args, "--config", str(home / "kith.toml")])


def _record_of(home: Path, name: str) -> str:
    import polars as pl
    recs = pl.read_parquet(home / "out" / "records.parquet")
    return recs.filter(pl.col("display_name") == name)["record_id"].sort()[0]


def assert_one_sentence(res, code: int) -> None:
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.startswith("kith: ")]
    assert len(lines) == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writers_exit_75_while_a_run_holds_the_lock(home, name):
    args = [a.replace("RECORD", _record_of(home, "Sarah Lambert")) for a in WRITERS[name]]
    decisions = (home / "configs" / "decisions.toml").read_bytes()
    with run_lock(home / "out"):
        res = kith(home, *args)
    assert_one_sentence(res, 75)
    assert "try again later" in res.output
    # Nothing was saved: retrying after the run will not record a decision twice.
    assert (home / "configs" / "decisions.toml").read_bytes() == decisions


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_work_while_a_run_holds_the_lock(home, name):
    with run_lock(home / "out"):
        res = kith(home, *READERS[name])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize("name", sorted(set(WRITERS) - {"run", "ingest"} | set(READERS)
                                        - {"status", "decisions", "targets"}))
def test_missing_outputs_are_one_sentence(tmp_path, name):
    (tmp_path / "kith.toml").write_text('out = "out"\n', "utf-8")
    args = [a.replace("RECORD", "r_x") for a in {**WRITERS, **READERS}[name]]
    res = kith(tmp_path, *args)
    assert res.exit_code in (1, 2), res.output
    assert_one_sentence(res, res.exit_code)


@pytest.mark.parametrize("name", ["explain", "networks", "merge", "note", "export", "dormant"])
def test_a_damaged_table_is_one_sentence(home, name):
    people = home / "out" / "people.parquet"
    target = people.resolve()
    target.write_bytes(b"PAR1 this is not a parquet file")
    res = kith(home, *{**WRITERS, **READERS}[name])
    assert_one_sentence(res, 1)
    assert "run `kith run`" in res.output


def test_batch_and_schedule_and_init_fail_in_one_sentence(tmp_path):
    res = CliRunner().invoke(main, ["batch", str(tmp_path / "nowhere"), "--out",
                                    str(tmp_path / "b")])
    assert_one_sentence(res, 2)
    res = CliRunner().invoke(main, ["schedule", "--at", "25:99"])
    assert_one_sentence(res, 2)
    assert CliRunner().invoke(main, ["init", str(tmp_path / "h")]).exit_code == 0
    res = CliRunner().invoke(main, ["init", str(tmp_path / "h")])  # never overwrites
    assert_one_sentence(res, 2)


def test_batch_exits_75_while_another_batch_holds_its_folder(tmp_path):
    owners = tmp_path / "owners" / "o1"
    owners.mkdir(parents=True)
    shutil.copy(SAMPLE / "contacts.csv", owners / "contacts.csv")
    with run_lock(tmp_path / "b"):
        res = CliRunner().invoke(main, ["batch", str(tmp_path / "owners"), "--out",
                                        str(tmp_path / "b")])
    assert_one_sentence(res, 75)
    assert "kith batch" in res.output


def test_an_internal_error_is_one_sentence_and_debug_shows_it(home, monkeypatch, tmp_path):
    """The sentence names a crash report holding the traceback, readable by the user only and
    with e-mail addresses and phone numbers masked (a value from the user's files can be in an
    exception's message); --debug raises it instead."""
    from pipeline import cli_networks

    def boom(*_a, **_k):
        raise RuntimeError("unexpected value ada@example.org, +1 (415) 555-0134 in row 12")

    monkeypatch.setattr(cli_networks, "load_targets", boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    res = kith(home, "targets")
    assert_one_sentence(res, 1)
    assert "--debug" in res.output and "RuntimeError" in res.output
    [report] = (tmp_path / "state" / "kith" / "crashes").glob("crash-*.txt")
    assert str(report) in res.output and "ada@" not in res.output
    text = report.read_text()
    assert "Traceback" in text and "in boom" in text and "row 12" in text
    assert "ada@example.org" not in text and "555" not in text
    assert report.stat().st_mode & 0o777 == 0o600
    res = kith(home, "targets", "--debug")
    assert isinstance(res.exception, RuntimeError)


def test_without_a_writable_state_folder_the_sentence_says_run_with_debug(home, monkeypatch,
                                                                          tmp_path):
    from pipeline import cli_networks

    def boom(*_a, **_k):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(cli_networks, "load_targets", boom)
    blocked = tmp_path / "state"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    res = kith(home, "targets")
    assert_one_sentence(res, 1)
    assert "run again with --debug" in res.output


def test_crash_reports_are_kept_to_the_last_few(tmp_path, monkeypatch):
    from pipeline import crash

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    for i in range(crash.KEEP + 3):
        assert crash.write_report(ValueError(f"n{i}"), ["run"]) is not None
    kept = sorted((tmp_path / "kith" / "crashes").glob("crash-*.txt"))
    assert len(kept) == crash.KEEP and "n12" in kept[-1].read_text()


def test_no_readable_file_lists_each_file_and_its_reason(tmp_path):
    """The run stops before its summary, so the error itself says why each file was not read
    (it once pointed at "the reasons above" and printed none)."""
    inputs = tmp_path / "downloads"
    inputs.mkdir()
    (inputs / "empty.csv").write_bytes(b"")
    (inputs / "numbers.csv").write_text("1,Ann Example,ann@example.com\n2,Bo Example,bo@example.com\n")
    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    first, *files = result.output.strip().splitlines()
    assert first.startswith("kith: failed: None of the input files is a contact export")
    assert first.endswith("The previous output, if any, is unchanged.")
    # numbers.csv has no header, and its first column (row numbers) is not a kind of value
    # kith reads without one: the reason says so and what to do (docs/realworld13.md)
    assert files[0] == "  empty.csv: rejected, The file is empty."
    assert files[1].startswith("  numbers.csv: rejected, No header row, and kith reads")
    assert "column 1 holds values that are not all names" in files[1]
    assert files[1].endswith("and run kith again.") and len(files) == 2
    assert "ann@example.com" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args", [["networks", "Sarah Lambert"], ["plan", "--messages"],
                                  ["targets"]])
def test_a_reader_that_stops_reading_is_not_a_failure(home, args):
    """`kith plan | head`: head closes the pipe; kith stops quietly (click's exit 1), with no
    "failed: Broken pipe" sentence on stderr (it had one)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before kith writes a byte
    try:
        res = subprocess.run([sys.executable, "-m", "pipeline.cli", *args, "--config",
                              str(home / "kith.toml")], stdout=write_end, stderr=subprocess.PIPE,
                             text=True, cwd=ROOT, timeout=120)
    finally:
        os.close(write_end)
    assert res.returncode == 1 and res.stderr == "", res.stderr


def test_log_messages_leave_the_prefix_to_the_cli():
    """The CLI's log format writes "kith: " before every message; a message with its own
    printed "kith: kith: ..." (the ledger's warning did, adversarial24)."""
    import ast

    own = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"debug", "info", "warning", "error", "exception"}
                    and isinstance(getattr(node.func.value, "id", None), str)
                    and node.func.value.id in {"log", "logger", "LOG"}
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).startswith("kith:")):
                own.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert own == []
