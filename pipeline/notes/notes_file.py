"""notes.csv: one row per person (more after a merge), keyed by person_id.

Columns kith owns: person_id, name, kith_status (recomputed every sync: active | gone, plus
problems such as an unreadable date), kith_flag (review flags kith adds, such as "merged from
p_x: review"; kith never removes one, the user clears it). Every other cell is the user's and
is never rewritten by a sync.

When people merge, the merged-away person's row is re-keyed to the surviving id and flagged;
both rows stay, so no cell is lost and the user decides what to keep. On a split the row stays
with the part that keeps the id, except a row still flagged "merged from X" when the split
brings X back: it goes back to X. A person who disappears from the exports keeps their row,
marked gone. A blank row (nothing typed) is kith's own and is dropped rather than carried.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.csvsafe import neutralise_expr
from pipeline.errors import UsageProblem
from pipeline.notes import ledger, ledger_keys
from pipeline.notes.cells import typed_id
from pipeline.notes.notes_frame import combine
from pipeline.notes.quiet_rows import Names, quiet_rows
from pipeline.notes.userfile import (
    NO_WORDS,
    PreparedEdit,
    Table,
    UserFileError,
    column_key,
    commit,
    for_cell,
    from_cell,
    parse_cell_date,
    prepare,
    read,
    slash_order,
    update,
)
from pipeline.notes.userrows import update_rows

KITH_COLUMNS = ("person_id", "name", "kith_status", "kith_flag")
USER_COLUMNS = schema.NOTES_USER_COLUMNS
HEADER = schema.NOTES_HEADER


class NotesError(UsageProblem):
    """The notes file cannot be used; the message says what to fix."""


def _check(table: Table, path: Path) -> None:
    if "person_id" not in table.index:
        raise NotesError(f"{path} has no person_id column; kith will not touch it. Restore the "
                         "column (or move the file away and kith starts a new one).")


def _has_content(table: Table, row: list[str]) -> bool:
    """Anything the user typed: any cell outside kith's columns, extra columns included."""
    own = {table.index[c] for c in KITH_COLUMNS if c in table.index}
    return any(c.strip() for i, c in enumerate(row) if i not in own)


def _add_flag(table: Table, row: list[str], flag: str) -> bool:
    current = table.get(row, "kith_flag")
    parts = [p for p in current.split("; ") if p]
    if flag in parts:
        return False
    return table.set(row, "kith_flag", "; ".join([*parts, flag]))


def _status(table: Table, row: list[str], pid: str, active: bool, order: bool | None) -> str:
    """`order`: the follow-up column's day/month order (slash_order), as combine reads it."""
    status = "active" if active else "gone" if pid else "no person_id: add one (see kith explain)"
    typed = table.get(row, "follow_up")
    if typed.strip() and parse_cell_date(typed, order) is None:
        status += "; follow_up is not a date kith can read"
    return status


def _lineage_maps(lineage: pl.DataFrame, alive: set[str]):
    """(moves: old id -> surviving id, splits: kept id -> other parts, lost splits)."""
    moves: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    # nearly every lineage row maps an id to itself: only the others are looked at, in order
    # (~600,000 rows at a million records on every night whose inputs changed)
    prev_id, new_id = pl.col("previous_person_id"), pl.col("person_id")
    moved = lineage.select(prev_id, new_id, "change").filter(
        (prev_id != "") & (new_id != "") & (prev_id != new_id))
    for prev, new, change in moved.rows():
        if change in ("merged", "same"):
            moves[prev] = new
        elif change == "split":
            parts.setdefault(prev, []).append(new)
    # A person both merged away and split: the merge target wins (it holds the records).
    splits = {p: sorted(v) for p, v in parts.items() if p not in moves}
    lost = {p: v for p, v in splits.items() if p not in alive}
    kept = {p: v for p, v in splits.items() if p in alive}
    return moves, kept, lost


def identity_moves(people: pl.DataFrame, lineage: pl.DataFrame
                   ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(merged-away id -> surviving id, kept id -> the ids split off it) for this run: what
    the ledger follows (pipeline.notes.ledger_keys.follow)."""
    moves, kept, _ = _lineage_maps(lineage, set(people["person_id"].to_list()))
    return moves, kept


def sync_notes(path: Path, people: pl.DataFrame, lineage: pl.DataFrame) -> pl.DataFrame:
    """Bring notes.csv up to date with this run's people (see the module docstring)."""
    pending = plan_sync(path, people, lineage)
    commit_sync(pending)
    return pending.notes


@dataclass
class NotesSync:
    """notes.csv as this run leaves it, computed but not yet written."""

    notes: pl.DataFrame
    prepared: PreparedEdit
    moves: dict[str, str]
    splits: dict[str, list[str]] = field(default_factory=dict)  # kept id -> ids split off
    rows_kept: int = 0  # rows found unchanged column-wise (pipeline.notes.quiet_rows)
    names_built: int = 0  # display names the sync looked up (its other rows need none)


def commit_sync(pending: NotesSync) -> None:
    """Write notes.csv (and re-key the ledger): a run does this once it is published, so a run
    that fails leaves both files keyed to the run that is still current."""
    try:
        commit(pending.prepared)
        if pending.moves or pending.splits:
            ledger_keys.rekey(ledger.ledger_path(pending.prepared.path), pending.moves,
                         pending.splits)
    except UserFileError as exc:
        raise NotesError(str(exc)) from exc


def plan_sync(path: Path, people: pl.DataFrame, lineage: pl.DataFrame) -> NotesSync:
    """The sync worked out in memory: nothing is written (see commit_sync)."""
    people = people.select("person_id", "display_name")
    alive = set(people["person_id"].to_list())
    moves, kept_splits, lost_splits = _lineage_maps(lineage, alive)
    kept_as_is = [0]  # rows the loop left without looking at them (quiet_rows)
    names = Names(people, _unique_names)

    def edit(table: Table) -> bool:
        _check(table, path)
        changed = table.ensure_columns(HEADER)
        out: list[list[str]] = []
        keyed: set[str] = set()
        moved_in: dict[str, list[str]] = {}  # surviving id -> ids whose notes moved to it
        moved_rows: set[int] = set()
        # rows the loop would leave as they are, found column-wise (~2 s at 100,000 people)
        screened = quiet_rows(table, people, {*moves, *kept_splits, *lost_splits})
        quiet = None
        if screened is not None:
            quiet, ids = screened
            kept_as_is[0] = sum(quiet)
            keyed.update(p for p, q in zip(ids, quiet, strict=True) if q)
            # the loop names only the other rows' people (and those merged into)
            names.expect({typed_id(p) for p, q in zip(ids, quiet, strict=True) if not q}
                         | set(moves.values()))
        out_ids: list[str] = []  # each kept row's person_id, for the survivors' flags below
        order = slash_order(table.column("follow_up").unique().to_list())
        for i, row in enumerate(table.rows):
            if quiet is not None and quiet[i]:
                out.append(row)
                out_ids.append(ids[i])  # a quiet row's cell is a person's id exactly
                continue
            pid = typed_id(table.get(row, "person_id"))  # "  P_7130ADCA9D1AFC44 " too
            if not pid:
                # A row the user added by hand: adopt the id when the name is unambiguous.
                found = names.index().get(from_cell(table.get(row, "name")).casefold())
                if found:
                    changed |= table.set(row, "person_id", found)
                    pid = found
            if pid in moves and moves[pid] != pid:
                if not _has_content(table, row):
                    changed = True  # a blank row of a merged-away person: nothing to carry
                    continue
                new = moves[pid]
                changed |= table.set(row, "person_id", new)
                changed |= _add_flag(table, row, f"merged from {pid}: review")
                moved_in.setdefault(new, []).append(pid)
                moved_rows.add(id(row))
                pid = new
            back = _moved_back(table, row, pid, kept_splits)
            if back:
                changed |= table.set(row, "person_id", back)
                changed |= _add_flag(table, row, f"back from {pid} after a split: review")
                pid = back
            if pid in kept_splits and _has_content(table, row):
                others = ", ".join(kept_splits[pid])
                changed |= _add_flag(table, row, f"split (also {others}): review")
            if pid in lost_splits and _has_content(table, row):
                others = ", ".join(lost_splits[pid])
                changed |= _add_flag(table, row, f"split into {others}: notes not moved, review")
            if pid and pid not in alive and not _has_content(table, row):
                changed = True  # a blank row of someone gone
                continue
            if pid in alive:
                # an id typed in capitals or with spaces is written as kith's (its column)
                changed |= table.set(row, "person_id", pid)
                changed |= table.set(row, "name", for_cell(names.of(pid) or ""))
            changed |= table.set(row, "kith_status", _status(table, row, pid, pid in alive, order))
            keyed.add(pid)
            out.append(row)
            out_ids.append(pid)
        changed |= _flag_survivors(table, zip(out, out_ids, strict=True), moved_in, moved_rows)
        table.rows = out
        return _append_fresh(table, people, keyed) or changed

    try:
        prepared = prepare(path, HEADER, edit)
    except UserFileError as exc:
        raise NotesError(str(exc)) from exc
    return NotesSync(combine(prepared.table), prepared, moves, kept_splits, kept_as_is[0],
                     names.built)


def _moved_back(table: Table, row: list[str], pid: str,
                kept_splits: dict[str, list[str]]) -> str | None:
    """The id this row was merged away from when this run's split brought that person back
    (the notes, a do-not-contact among them, were theirs); a row the user unflagged stays."""
    parts = kept_splits.get(pid, ())
    flags = table.get(row, "kith_flag").split("; ") if parts else ()
    return next((part for part in parts if f"merged from {part}: review" in flags), None)


def _flag_survivors(table: Table, rows_ids, moved_in: dict[str, list[str]],
                    moved_rows: set[int]) -> bool:
    """The survivor's own rows get a flag too when someone's notes moved in beside them."""
    changed = False
    for row, pid in rows_ids:
        if pid in moved_in and id(row) not in moved_rows and _has_content(table, row):
            merged = ", ".join(sorted(set(moved_in[pid])))
            changed |= _add_flag(table, row, f"merged with {merged}: review")
    return changed


def _append_fresh(table: Table, people: pl.DataFrame, keyed: set[str]) -> bool:
    """Rows for the people no row names yet, sorted by name, added column-wise (a first run
    adds everyone); whether there were any."""
    fresh = people.filter(~pl.col("person_id").is_in(list(keyed)))
    if not fresh.height:
        return False
    fresh = fresh.sort([pl.col("display_name").str.to_lowercase(), "person_id"],
                       nulls_last=True)
    table.append_rows(fresh.select(
        "person_id", name=neutralise_expr(pl.col("display_name")),
        kith_status=pl.lit("active")))
    return True


def _unique_names(people: pl.DataFrame) -> dict[str, str]:
    """Folded display name -> person_id, for names exactly one person has."""
    counts = (people.drop_nulls("display_name")
              .with_columns(k=pl.col("display_name").str.strip_chars().str.to_lowercase())
              .group_by("k").agg(pl.col("person_id").first(), n=pl.len())
              .filter(pl.col("n") == 1))
    return {k.casefold(): pid for k, pid in counts.select("k", "person_id").rows()}


def load_notes(path: Path) -> pl.DataFrame:
    """The notes as sync_notes returns them, without changing the file."""
    try:
        table, _ = read(path, HEADER)
    except UserFileError as exc:
        raise NotesError(str(exc)) from exc
    _check(table, path)
    table.ensure_columns(HEADER)
    return combine(table)


def set_note(path: Path, person_id: str, name: str, **values) -> dict[str, str]:
    """Set the user's cells for one person (what `kith note` does), returning the values it
    replaced. Values: str, datetime.date (follow_up), bool (do_not_contact); None = unchanged.
    The row changed is the person's own (not one re-keyed there by a merge)."""
    unknown = set(values) - set(USER_COLUMNS)
    if unknown:
        raise ValueError(f"not a notes column: {sorted(unknown)}")
    replaced: dict[str, str] = {}

    def cell(key: str, value) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dt.date):
            return value.isoformat()
        return for_cell(str(value).strip())

    def apply(table: Table, rows: list[list[str]]) -> bool:
        replaced.clear()
        own = [r for r in rows if "merged from" not in table.get(r, "kith_flag")]
        row = (own or rows)[0]
        changed = False
        for key, value in values.items():
            if value is None:
                continue
            old = table.get(row, key)
            if table.set(row, key, cell(key, value)):
                changed = True
                if old.strip():
                    replaced[key] = from_cell(old)
        # any row's do-not-contact holds for the person (combine): a "no" clears them all
        for other in rows if values.get("do_not_contact") is False else ():
            if table.get(other, "do_not_contact").strip().lower() not in NO_WORDS:
                changed |= table.set(other, "do_not_contact", "no")
        return changed

    def edit(table: Table) -> bool:
        _check(table, path)
        changed = table.ensure_columns(HEADER)
        rows = [r for r in table.rows if typed_id(table.get(r, "person_id")) == person_id]
        for row in rows:  # an id typed in capitals is written as kith's (a one-row read finds it)
            changed |= table.set(row, "person_id", person_id)
        if not rows:
            rows = [table.new_row(person_id=person_id, name=for_cell(name or ""),
                                  kith_status="active")]
            table.rows.append(rows[0])
            changed = True
        return apply(table, rows) or changed

    try:
        # One row of a big file is patched in place; anything unusual takes the full path.
        if update_rows(path, HEADER, "person_id", person_id, apply) is None:
            update(path, HEADER, edit)
    except UserFileError as exc:
        raise NotesError(str(exc)) from exc
    return replaced


__all__ = ["HEADER", "NotesError", "USER_COLUMNS", "column_key", "load_notes", "set_note",
           "sync_notes", "plan_sync", "commit_sync"]
