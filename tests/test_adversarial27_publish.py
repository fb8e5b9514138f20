"""Round 27 (leftover b of round 26): a run's notes write failed after it was published (the
marker stays in the current run), and the next command that publishes (`kith ingest`,
`normalize`, `dedupe`, `run`) cannot write them either. On main it published anyway: the
marker was copied into its staging folder and then dropped (ingest: nothing of its own to
write) or kept with the new run's lineage, which maps only from the run before; either way
Ann's do-not-contact row never followed her merge into Annie. Now that command stops, says
why, and leaves the current run (and its marker) as they were."""

from __future__ import annotations

import contextlib

import pytest
from click.testing import CliRunner
from exports_support import merge_ann_into_annie
from test_adversarial26_publish import _home, _merged_rows_follow, _run

from pipeline import user_writes
from pipeline.cli import main
from pipeline.notes import notes_file


def _locked(pending):
    raise notes_file.NotesError("notes.csv is open in Excel")


@pytest.mark.parametrize("command", ["ingest", "normalize", "dedupe", "run"])
def test_a_command_while_the_notes_are_still_owed_stops_and_loses_nothing(
        first_runs, monkeypatch, command):
    home, ann, annie = _home(first_runs)
    merge_ann_into_annie(home / "exports")
    monkeypatch.setattr(user_writes, "commit_sync", _locked)
    assert "the next run tries again" in _run(home).output
    current = (home / "out" / "current").resolve()
    args = [command, *([str(home / "exports")] if command in ("ingest", "run") else []),
            "--config", str(home / "kith.toml"),
            *(["--as-of", "2026-12-07"] if command == "run" else [])]
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, args)
    assert res.exit_code == 1, res.output  # on main: 0, and the owed re-key was lost
    assert "could not be updated for the last run" in res.output
    assert "previous output, if any, is unchanged" in res.output
    assert (home / "out" / "current").resolve() == current
    assert (current / user_writes.PENDING).exists()
    monkeypatch.undo()  # the file is writable again
    _run(home)
    _merged_rows_follow(home, ann, annie)
    assert not (home / "out" / "current" / user_writes.PENDING).exists()

