"""Re-keying ledger.csv when people merge or split: entries follow identity lineage.

A merge points the merged-away person's entries at the survivor and records, in kith's own
`kith_from` column, the id each entry was re-keyed from; a split that brings one of those ids
back moves the entry back to it. Only person_id and kith_from are ever rewritten (the rest of
the ledger is the user's, appended to by `kith log`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.notes.cells import typed_id
from pipeline.notes.ledger import FROM, HEADER, LedgerError
from pipeline.notes.userfile import Table, UserFileError, update


def follow(pid: str, came_from: str, moves: dict[str, str],
           splits: dict[str, list[str]]) -> tuple[str, str]:
    """An entry's (person_id, kith_from) after this run's merges (`moves`: merged-away id ->
    survivor) and splits (`splits`: a kept id -> the ids split off it). A merge records the
    id it re-keys from; a split that brings back an id the entry was re-keyed from (the
    latest such) moves it back there."""
    chain = [c for c in came_from.split("; ") if c]
    if pid in moves and moves[pid] != pid:
        chain.append(pid)
        pid = moves[pid]
    parts = set(splits.get(pid, ()))
    back = next((i for i in range(len(chain) - 1, -1, -1) if chain[i] in parts), None)
    if back is not None:
        pid, chain = chain[back], chain[:back]
    return pid, "; ".join(chain)


def rekeyed(ledger: pl.DataFrame, moves: dict[str, str],
            splits: dict[str, list[str]] | None = None) -> pl.DataFrame:
    """The entries as `rekey` will leave them on disk."""
    splits = splits or {}
    if not (moves or splits) or not ledger.height:
        return ledger
    if FROM not in ledger.columns:
        ledger = ledger.with_columns(pl.lit("").alias(FROM))
    pairs = [follow(p or "", f or "", moves, splits) if (p in moves or p in splits)
             else (p, f) for p, f in zip(ledger["person_id"], ledger[FROM], strict=True)]
    return ledger.with_columns(pl.Series("person_id", [p for p, _ in pairs], pl.String),
                               pl.Series(FROM, [f for _, f in pairs], pl.String))


def unsure_after_split(ledger: pl.DataFrame, splits: dict[str, list[str]]) -> list[str]:
    """What to tell the user about entries (as `rekeyed` leaves them) of a person this run
    split: those that record no re-key (an empty kith_from) stay with the id kept. They were
    logged for that person, or re-keyed to it by a kith before kith_from existed (ledgers
    written before round 25): the ledger cannot tell which were about the people split off.
    No entry is moved on a guess; the user is told which lines to check."""
    if not splits or not ledger.height:
        return []
    if FROM not in ledger.columns:
        ledger = ledger.with_columns(pl.lit("").alias(FROM))
    out = []
    for kept, parts in sorted(splits.items()):
        mine = ledger.filter((pl.col("person_id") == kept)
                             & (pl.col(FROM).fill_null("") == ""))
        if not mine.height:
            continue
        lines = ", ".join(str(n) for n in mine["line"].to_list()[:10]) + (
            ", ..." if mine.height > 10 else "")
        out.append(f"{kept} was split (also {', '.join(parts)}): ledger.csv line(s) {lines} "
                   f"stay with {kept}; if one was about {' or '.join(parts)}, change its "
                   "person_id.")
    return out


def rekey(path: Path, moves: dict[str, str], splits: dict[str, list[str]] | None = None
          ) -> None:
    """Point entries of merged-away people at the surviving id, and entries re-keyed from a
    person a split brought back at that person again. Only person_id and kith_from change."""
    splits = splits or {}
    if not path.exists() or not (moves or splits):
        return

    def edit(table: Table) -> bool:
        if "person_id" not in table.index:
            return False
        changed = False
        for row in table.rows:
            pid = typed_id(table.get(row, "person_id"))
            if pid not in moves and pid not in splits:
                continue
            came = table.get(row, FROM) if FROM in table.index else ""
            new, chain = follow(pid, came, moves, splits)
            if (new, chain) == (pid, came):
                continue
            if FROM not in table.index:
                table.ensure_columns((FROM,))
            changed |= table.set(row, "person_id", new)
            changed |= table.set(row, FROM, chain)
        return changed

    try:
        update(path, HEADER, edit)
    except UserFileError as exc:
        raise LedgerError(str(exc)) from exc
