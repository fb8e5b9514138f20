"""introduction_decisions.csv beside notes.csv: the introductions you accepted or dismissed.

It is one of the user's own files, like notes.csv and ledger.csv: kith adds rows and never
removes one, and no refresh touches it, so a suggestion once answered stays answered (its
`introduction_id` is stable while the two person ids are, see pipeline.enrich.introductions).

Accepting logs a `gave` entry in the ledger for the person who needed help ("introduced to
<name>") and records the acceptance, both under this file's lock. Accepting twice logs once:
an introduction already accepted changes nothing, and a `gave` entry with the same text for that
person (left by an accept that stopped between the two writes) is not written again.
Dismissing records only that you do not want the suggestion again. An accepted introduction
stays accepted: a later dismiss (a stale page) does not take it back.

A merge in dedupe gives a person a new id, and the introduction ids built from the old one
would never match again (answered suggestions would show as open). So, as the ledger does
(pipeline.notes.ledger_keys.rekey), answers follow identity lineage: `rekeyed` moves them in memory
for the run that sees the merge, `rekey` rewrites the file once that run is published. The
kind of reason is not stored, but the id is a digest of (seeker, helper, kind), so the kind is
recovered by trying the few kinds there are, and the id is rebuilt from the surviving ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.enrich.introductions import KINDS, introduction_id
from pipeline.errors import UsageProblem
from pipeline.notes import ledger as ledger_mod
from pipeline.notes.cells import typed_id
from pipeline.notes.userfile import (
    Table,
    UserFileError,
    for_cell,
    parse_cell_date,
    read,
    update,
)

log = logging.getLogger("kith")

HEADER = schema.INTRO_DECISIONS_HEADER
ACCEPTED, DISMISSED = "accepted", "dismissed"
DECISIONS = (ACCEPTED, DISMISSED)
CLOSED: dict[str, pl.DataType] = {"introduction_id": pl.String, "seeker_id": pl.String,
                                  "helper_id": pl.String, "status": pl.String,
                                  "date": pl.Date}


class DecisionFileError(UsageProblem):
    """The decisions file cannot be used; the message says what to fix."""


def decisions_path(notes_path: Path) -> Path:
    return notes_path.with_name(schema.INTRO_DECISIONS_FILE)


def accepted_text(helper_name: str) -> str:
    """The ledger text an accepted introduction leaves on the person who needed help."""
    return f"introduced to {helper_name}"


def _rows(table: Table) -> list[dict[str, str]]:
    table.ensure_columns(HEADER)
    return [{k: typed_id(table.get(row, k)) if k.endswith("_id") else table.get(row, k).strip()
             for k in HEADER} for row in table.rows]


def load(path: Path | None) -> pl.DataFrame:
    """Each answered introduction once (CLOSED): accepted wins over dismissed, else the
    latest row. Rows with an unknown decision or no id are not counted."""
    if path is None or not path.exists():
        return pl.DataFrame(schema=CLOSED)
    try:
        table, _ = read(path, HEADER)
    except UserFileError as exc:
        raise DecisionFileError(str(exc)) from exc
    rows = [r for r in _rows(table)
            if r["introduction_id"] and r["decision"].lower() in DECISIONS]
    frame = pl.DataFrame({
        "introduction_id": [r["introduction_id"] for r in rows],
        "seeker_id": [r["seeker_id"] or None for r in rows],
        "helper_id": [r["helper_id"] or None for r in rows],
        "status": [r["decision"].lower() for r in rows],
        "date": [parse_cell_date(r["date"]) for r in rows],
    }, schema=CLOSED)
    return (frame.with_row_index("_n")
            .sort(pl.col("status") == ACCEPTED, "_n")
            .unique("introduction_id", keep="last", maintain_order=True)
            .sort("_n").drop("_n"))


def moved_id(intro_id: str, seeker: str, helper: str, moves: dict[str, str]) -> str:
    """`intro_id` rebuilt for the surviving ids of `seeker` and `helper` (unchanged when
    neither moved, or when the id is none kith built for them: a hand-edited row)."""
    new_seeker, new_helper = moves.get(seeker, seeker), moves.get(helper, helper)
    if (new_seeker, new_helper) == (seeker, helper):
        return intro_id
    for kind in KINDS:
        if introduction_id(seeker, helper, kind) == intro_id:
            return introduction_id(new_seeker, new_helper, kind)
    return intro_id


def rekeyed(closed: pl.DataFrame, moves: dict[str, str]) -> pl.DataFrame:
    """The answers (CLOSED) as `rekey` will leave them on disk, each introduction once
    (accepted wins, as in `load`)."""
    if not moves or closed.is_empty():
        return closed
    ids = [moved_id(i, s or "", h or "", moves) for i, s, h in
           closed.select("introduction_id", "seeker_id", "helper_id").rows()]
    return (closed.with_columns(pl.Series("introduction_id", ids, dtype=pl.String),
                                pl.col("seeker_id").replace(moves),
                                pl.col("helper_id").replace(moves))
            .with_row_index("_n").sort(pl.col("status") == ACCEPTED, "_n")
            .unique("introduction_id", keep="last", maintain_order=True)
            .sort("_n").drop("_n"))


def rekey(notes_path: Path, moves: dict[str, str]) -> None:
    """Point the answers about merged-away people at the surviving ids, on disk."""
    path = decisions_path(notes_path)
    if not path.exists() or not moves:
        return

    def edit(table: Table) -> bool:
        changed = False
        for row in table.rows:
            seeker, helper = typed_id(table.get(row, "seeker_id")), typed_id(table.get(row, "helper_id"))
            if seeker not in moves and helper not in moves:
                continue
            new_id = moved_id(typed_id(table.get(row, "introduction_id")), seeker, helper, moves)
            changed |= table.set(row, "introduction_id", new_id)
            changed |= table.set(row, "seeker_id", moves.get(seeker, seeker))
            changed |= table.set(row, "helper_id", moves.get(helper, helper))
        return changed

    try:
        update(path, HEADER, edit)
    except (UserFileError, OSError) as exc:
        # After publish nothing can stop the run; like an unreadable file, it costs only that.
        log.warning("%s could not follow this run's merges (%s); those answered "
                    "introductions show as open.", path.name, exc)


def load_beside(notes_path: Path, moves: dict[str, str] | None = None) -> pl.DataFrame | None:
    """The answered introductions for a run, moved along this run's merges (`moves`: merged-
    away id -> surviving id). An unreadable file costs only that (they show as open again
    until it is fixed), as an unreadable ledger costs only the ledger."""
    try:
        return rekeyed(load(decisions_path(notes_path)), moves or {})
    except DecisionFileError as exc:
        log.warning("%s Answered introductions show as open.", exc)
        return None


def _decide(notes_path: Path, intro: dict, decision: str, on: dt.date) -> bool:
    """Record `decision` for `intro` (a row of introductions.parquet); True when it was new.
    Accepting also logs the ledger entry, inside the edit so both happen under the lock."""
    path = decisions_path(notes_path)
    changed = []

    def edit(table: Table) -> bool:
        mine = [r for r in _rows(table) if r["introduction_id"] == intro["introduction_id"]]
        if any(r["decision"].lower() == ACCEPTED for r in mine):
            return False
        if decision == DISMISSED and any(r["decision"].lower() == DISMISSED for r in mine):
            return False
        if decision == ACCEPTED:
            _log_once(notes_path, intro, on)
        table.rows.append(table.new_row(
            date=on.isoformat(), introduction_id=intro["introduction_id"], decision=decision,
            seeker_id=intro["seeker_id"], seeker_name=for_cell(intro["seeker_name"] or ""),
            helper_id=intro["helper_id"], helper_name=for_cell(intro["helper_name"] or "")))
        changed.append(True)
        return True

    try:
        update(path, HEADER, edit)
    except UserFileError as exc:
        raise DecisionFileError(str(exc)) from exc
    except OSError as exc:
        raise DecisionFileError(f"Cannot write {path} ({exc.strerror}).") from exc
    return bool(changed)


def _log_once(notes_path: Path, intro: dict, on: dt.date) -> None:
    path = ledger_mod.ledger_path(notes_path)
    # as append_entry writes it (spaces collapsed), so the check below finds it again
    text = " ".join(accepted_text(intro["helper_name"] or intro["helper_id"]).split())
    if path.exists():
        entries = ledger_mod.load_ledger(path)
        if entries.filter((pl.col("person_id") == intro["seeker_id"])
                          & (pl.col("kind") == "gave") & (pl.col("text") == text)).height:
            return
    ledger_mod.append_entry(path, intro["seeker_id"], intro["seeker_name"] or "", "gave", text,
                            on)


def accept(notes_path: Path, intro: dict, on: dt.date) -> bool:
    """Log "introduced to <helper>" as given to the seeker, once; True when it was new."""
    return _decide(notes_path, intro, ACCEPTED, on)


def dismiss(notes_path: Path, intro: dict, on: dt.date) -> bool:
    """Do not suggest this introduction again; True when it was new."""
    return _decide(notes_path, intro, DISMISSED, on)
