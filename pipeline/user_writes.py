"""The user's files a published run still owes them.

A run writes notes.csv, ledger.csv and the introduction answers only once it is published
(pipeline.run._write_user_files), so a run that fails earlier leaves them keyed to the run
that is still current. A run killed (or failing to write them) after it was published left
them keyed to the run before it, and the next run, whose lineage starts from the published
run, had nothing to move: Ann's do-not-contact row, merged into Annie by the killed run, stayed
on Ann's id, marked gone, and Annie was contactable.

So a run that has user files to write publishes a marker with its tables, and removes it once
they are written. The next run finds the marker in the current run and does those writes
first, from that run's own people and lineage, before anything else. If they still cannot
be written (the file is still open in Excel, the disk still full), no new run is published:
the notes would then lag two runs behind, and a run's lineage maps only the run before it, so
the owed re-key (Ann's do-not-contact row onto Annie) would be lost for good (round 27).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import polars as pl

from pipeline.config import Config
from pipeline.enrich import intro_decisions
from pipeline.notes import ledger
from pipeline.notes.notes_file import (
    NotesError,
    NotesSync,
    commit_sync,
    identity_moves,
    plan_sync,
)

log = logging.getLogger("kith")

PENDING = "state/user_files_pending.json"  # in a published run: its user files not written


def deferred(notes_path: Path, pending: NotesSync | None, moves: dict) -> list[Callable[[], None]]:
    """What a run owes the user's files once it is published, in order: the notes sync
    (`pending`; None when the notes are in sync) and the introduction answers re-keyed by its
    merges (`moves`)."""
    writes: list[Callable[[], None]] = []
    if pending is not None:
        writes.append(lambda: commit_sync(pending))
    if moves:
        writes.append(lambda: intro_decisions.rekey(notes_path, moves))
    return writes


def finish_previous(cfg: Config, out: Path) -> bool:
    """Write the user files the current run owes (see the module docstring); nothing when it
    wrote them. False when they are still owed: the failure is told, and the marker stays."""
    current = out / "current"
    marker = current / PENDING
    notes_path = cfg.files.get("notes")
    if not marker.exists() or notes_path is None:
        return True
    try:
        people = pl.read_parquet(current / "stages" / "tag" / "people.parquet")
        lineage = pl.read_parquet(current / "stages" / "dedupe" / "lineage.parquet")
    except (OSError, pl.exceptions.PolarsError) as exc:
        log.warning("the last run was stopped before it updated your notes, and its tables "
                    "cannot be read (%s); they are not updated for it.", exc)
        marker.unlink(missing_ok=True)
        return True
    try:
        moves, _ = identity_moves(people, lineage)
        for write in deferred(notes_path, plan_sync(notes_path, people, lineage), moves):
            write()
    except (NotesError, ledger.LedgerError) as exc:
        log.warning("the last run was stopped before it updated your notes, and they could "
                    "not be updated now (%s); the next run tries again.", exc)
        return False
    log.info("the last run was stopped before it updated your notes; done now.")
    marker.unlink(missing_ok=True)
    return True


def owed_message(notes_path: Path | None) -> str:
    """Why a run that would publish stops when the current run's user-file writes are still
    owed (finish_previous failed)."""
    return (f"your notes ({notes_path}) could not be updated for the last run (see above), "
            "and a new run would lose what it owed them (a merge's re-key); make the file "
            "writable (close it in Excel, free some disk space) and run again.")
