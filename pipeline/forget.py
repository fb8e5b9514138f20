"""`kith forget PERSON`: remove a person from the outputs, the kept runs, the notes and the
ledger, and keep them out of every later run (the suppression list).

Keys the person shares with someone else (a family mailbox, a household landline) are not
suppressed: forgetting Mary must not forget Tom.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import suppress
from pipeline.dedupe.decisions import shared_keys
from pipeline.notes.userfile import Table, update
from pipeline.outputs import write_parquet


@dataclass
class Forgotten:
    person_id: str
    keys: int
    tables_rewritten: int = 0
    note_rows: int = 0
    sources: list[str] = field(default_factory=list)  # "file#row" the exports still hold


def person_keys(records: pl.DataFrame, person_id: str) -> set[str]:
    mine = records.filter(pl.col("person_id") == person_id)
    shared = shared_keys(records)
    keys = set(suppress.record_keys(mine)["key"].to_list())
    return {k for k in keys if k not in shared}


# Columns that hold a person id (introductions: seeker_id, helper_id).
PERSON_COLUMNS = ("person_id", "person_id_l", "person_id_r", "previous_person_id", "seeker_id",
                  "helper_id")


def _scrub(frame: pl.DataFrame, pid: str, rids: list[str], slugs: list[str],
           positions: pl.DataFrame) -> pl.DataFrame:
    keep = pl.lit(True)
    cols = set(frame.columns)
    for c in PERSON_COLUMNS:
        if c in cols:
            keep = keep & ~(pl.col(c) == pid).fill_null(False)
    for c in ("record_id", "record_id_l", "record_id_r"):
        if c in cols:
            keep = keep & ~pl.col(c).is_in(rids).fill_null(False)
    if "counterpart_slug" in cols:
        keep = keep & ~pl.col("counterpart_slug").is_in(slugs).fill_null(False)
    if "counterpart_url" in cols and slugs:
        pattern = "(?i)/in/(" + "|".join(_re_escape(s) for s in slugs) + r")/?(\?|$)"
        keep = keep & ~pl.col("counterpart_url").str.contains(pattern).fill_null(False)
    # A bare literal predicate breaks polars 2.1's filter on multi-chunk frames.
    out = frame.filter(keep) if keep.meta.root_names() else frame
    if {"source_file", "source_row"} <= cols and "record_id" not in cols and positions.height \
            and "reason" not in cols:
        out = out.join(positions, on=["source_file", "source_row"], how="anti", nulls_equal=True)
    return out


def _re_escape(s: str) -> str:
    import re

    return re.escape(s)


def _scrub_csv(path: Path, pid: str) -> int:
    """Remove the rows naming `pid` from a CSV the user edits (notes, ledger; kith's
    introduction answers too) as kith edits such a file everywhere else (userfile.update): a
    ';' file saved by a European Excel is read as one, its BOM, line ends and other rows are
    kept, the column is found however the header spells it ("Person ID"), and the rewrite
    takes the user files' lock. Read as comma-separated UTF-8, such a file named nobody, and
    the forgotten person's notes stayed."""
    if not path.exists():
        return 0
    removed = [0]

    def edit(table: Table) -> bool:
        cols = [table.index[c] for c in PERSON_COLUMNS if c in table.index]
        kept = [r for r in table.rows
                if not any(c < len(r) and r[c].strip() == pid for c in cols)
                and not _theirs(table, r, pid)]
        removed[0] = len(table.rows) - len(kept)
        table.rows = kept
        return _unnamed(table, pid) or removed[0] > 0

    update(path, (), edit)
    return removed[0]


# Where kith names another person's former id in a row it keeps: the ledger's re-key chain
# and the notes' review flags ("merged from p_x: review").
TRACE_COLUMNS = ("kith_from", "kith_flag")
FORGOTTEN = "a forgotten person"


def _theirs(table: Table, row: list[str], pid: str) -> bool:
    """A row kith moved to another person when `pid` merged into them, still marked as
    theirs: a ledger entry first logged for `pid` (its kith_from chain starts there), a notes
    row still flagged "merged from <pid>: review" (the user has not taken it over)."""
    chain = table.get(row, "kith_from") if "kith_from" in table.index else ""
    flags = table.get(row, "kith_flag") if "kith_flag" in table.index else ""
    return chain.split("; ")[0] == pid or f"merged from {pid}: review" in flags.split("; ")


def _unnamed(table: Table, pid: str) -> bool:
    """Another person's row that still names `pid` (an entry re-keyed from them, a flag about
    a merge with them) loses the id: in kith_from it leaves the chain (a later split has no
    one to take the entry back to), in a flag it reads "a forgotten person"."""
    changed = False
    for row in table.rows:
        for col in TRACE_COLUMNS:
            cell = table.get(row, col) if col in table.index else ""
            if pid not in cell:
                continue
            if col == "kith_from":
                new = "; ".join(p for p in cell.split("; ") if p and p != pid)
            else:
                new = cell.replace(pid, FORGOTTEN)
            changed |= table.set(row, col, new)
    return changed


def forget(out: Path, person_id: str, suppress_path: Path, user_csvs: list[Path]) -> Forgotten:
    records = pl.read_parquet(out / "records.parquet")
    mine = records.filter(pl.col("person_id") == person_id)
    keys = person_keys(records, person_id)
    suppress.add(suppress_path, keys)
    rids = mine["record_id"].to_list()
    slugs = mine["linkedin_slug"].drop_nulls().unique().to_list()
    positions = mine.select("source_file", "source_row")
    result = Forgotten(person_id, len(keys),
                       sources=[f"{f}#{r}" for f, r in positions.iter_rows()])
    for run in sorted((out / "runs").iterdir()):
        if run.name.startswith("."):
            continue
        for table in sorted(run.rglob("*.parquet")):
            frame = pl.read_parquet(table)
            scrubbed = _scrub(frame, person_id, rids, slugs, positions)
            if scrubbed.height != frame.height:
                write_parquet(scrubbed, table)
                result.tables_rewritten += 1
        if run.resolve() != (out / "current").resolve():
            shutil.rmtree(run / "worksheets", ignore_errors=True)  # rebuilt only for current
    for path in user_csvs:
        result.note_rows += _scrub_csv(path, person_id)
    shutil.rmtree(out / "cache", ignore_errors=True)  # parsed copies of the exports
    return result
