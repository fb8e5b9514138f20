"""Progress lines: one per stage on a terminal, silent under cron unless -v, -q silences."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from pipeline import progress as progress_mod
from pipeline.cli import main
from pipeline.progress import Progress
from pipeline.run import ORDER

EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d")
STAGE_LINE = re.compile(r"^kith: (\w+) +([\d,]+) ([a-z ]+?) +(\d+\.\d) s$")


def stage_lines(stderr: str) -> list[tuple[str, int, float]]:
    """(stage, rows, seconds) of every completed stage line, as a person sees them: each \\r
    returns to the line's start and the erase code clears what was drawn there."""
    found = []
    for raw in stderr.split("\n"):
        shown = raw.split("\r")[-1].replace("\x1b[K", "")
        m = STAGE_LINE.match(shown)
        if m:
            found.append((m[1], int(m[2].replace(",", "")), float(m[4])))
    return found


def run(args: list[str], exports, tmp_path, terminal: bool, monkeypatch):
    """`kith [args[0]] run EXPORTS --out <fresh folder> [args[1:]]`."""
    monkeypatch.setattr(progress_mod, "stderr_is_terminal", lambda: terminal)
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
    res = CliRunner().invoke(main, [*args[:1], "run", str(exports), "--out", str(out),
                                    *args[1:]], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def test_terminal_shows_one_line_per_stage(exports, tmp_path, monkeypatch):
    res = run([], exports, tmp_path, True, monkeypatch)
    lines = stage_lines(res.stderr)
    assert [name for name, _, _ in lines] == list(ORDER)
    rows = dict((name, n) for name, n, _ in lines)
    people = res.stderr.split(" contact records -> ")[1].split(" people")[0]
    assert rows["dedupe"] == rows["outreach"] == int(people)
    assert "\r" in res.stderr  # drawn in place while a stage runs
    assert not EMAIL_OR_PHONE.search(res.stderr)


def test_cron_is_silent_unless_verbose(exports, tmp_path, monkeypatch):
    res = run([], exports, tmp_path, False, monkeypatch)
    assert stage_lines(res.stderr) == []
    assert "\r" not in res.stderr
    res = run(["-v"], exports, tmp_path, False, monkeypatch)
    assert [name for name, _, _ in stage_lines(res.stderr)] == list(ORDER)
    assert "\r" not in res.stderr and "\x1b" not in res.stderr  # plain lines for a log file


@pytest.mark.parametrize("where", ["group", "command"])
def test_quiet_silences_a_terminal(exports, tmp_path, monkeypatch, where):
    monkeypatch.setattr(progress_mod, "stderr_is_terminal", lambda: True)
    args = (["-q", "run", str(exports)] if where == "group" else ["run", str(exports), "-q"])
    res = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out")],
                             catch_exceptions=False)
    assert res.exit_code == 0
    assert stage_lines(res.stderr) == [] and "\r" not in res.stderr
    assert "contact records ->" in res.stderr  # the summary stays


def test_line_format_counts_the_main_table():
    buf = io.StringIO()
    p = Progress(buf, live=False)
    p.stage_started("dedupe")
    p.stage_done("dedupe", {"records": 1_000_000, "people": 643_210, "pairs": 5}, 15.14)
    assert buf.getvalue() == "kith: dedupe         643,210 people            15.1 s\n"


def test_the_files_line_is_drawn_sparingly_and_ends_at_the_total():
    # a folder of 10,000 one-card files: not 10,000 redrawings of the line
    buf = io.StringIO()
    p = Progress(buf, live=True)
    for done in range(1, 10_001):
        p.files(done, 10_000)
    drawn = buf.getvalue().split("\r")[1:]
    assert drawn[0] == "kith: ingest    read 1/10000 files"
    assert drawn[-1] == "kith: ingest    read 10000/10000 files"
    assert len(drawn) < 100


def test_a_stderr_whose_reader_left_does_not_stop_the_run(exports, tmp_path):
    """`kith run -v 2>&1 | head -1`: the reader of stderr leaves after one line. The next
    progress line raised BrokenPipeError mid-run, and the run ended unpublished (exit 1, no
    manifest). Progress is a courtesy: the run now goes on and publishes. (The exit code stays
    click's 1 for a closed pipe, which the last summary line meets.)"""
    import os
    import subprocess
    import sys
    from pathlib import Path

    read_end, write_end = os.pipe()
    os.close(read_end)  # a reader that has already gone: every write is EPIPE
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    out = tmp_path / "out"
    try:
        subprocess.run([sys.executable, "-m", "pipeline.cli", "-v", "run", str(exports),
                        "--out", str(out), "--as-of", "2026-11-01"], cwd=tmp_path, env=env,
                       stdout=subprocess.DEVNULL, stderr=write_end, timeout=300)
    finally:
        os.close(write_end)
    assert (out / "manifest.json").exists() and (out / "people.parquet").exists()


def test_progress_stops_writing_once_its_stream_has_gone():
    class Gone(io.StringIO):
        writes = 0

        def write(self, text):
            Gone.writes += 1
            raise BrokenPipeError(32, "Broken pipe")

    p = Progress(stream=Gone(), live=True)
    p.stage_started("ingest")
    p.stage_done("ingest", {"contacts": 3})
    p.stage_started("normalize")
    assert Gone.writes == 1  # tried once, then quiet
