"""The worksheets' rows on a re-dated night: what does not move with the date, from the night
before.

The worksheets start from one row per person (pipeline.worksheets.rows.base): the people's
columns, their notes and ledger figures, and texts made from them, sorted by name; and from
each network's members in that order. Most of it depends only on who the person is, the notes
and the ledger (rows.static_columns), and the membership lists on the networks the tag stage
found. When only the as-of date moved and the tag stage re-dated the current run's tables
(pipeline.redate), all of those are the current run's: dedupe was reused (the same people, ids
and names), the notes file, the ledger and the networks are unchanged, and re-dating changes
only the activity columns. So the run that computed them keeps them (MEMO_*, in the run's
folder, hard-linked into each re-dated night after it) and a re-dated night takes them, the
sort order included, and computes only rows.dated_columns. Anything else, and the rows are
computed in full and kept anew.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.worksheets import rows as R

MEMO_ROWS = "stages/outreach/memo_rows"  # page order: _at (the person's row in people), ...
MEMO_LISTS = "stages/outreach/memo_lists"  # network, person_id, reasons, in page order
MEMO_NETWORKS = "stages/outreach/memo_networks"  # the networks' order (some may be empty)


@dataclass
class Memo:
    """What a run kept (rows, lists, networks: None when there is nothing usable) and what
    this run computed for the next one to keep (`fresh`, by path in the run's folder)."""
    rows: pl.DataFrame | None = None
    lists: pl.DataFrame | None = None
    networks: list[str] | None = None
    fresh: dict[str, pl.DataFrame] = field(default_factory=dict)
    used: bool = False
    # the current run's network CSV rows (pipeline.incremental.worksheet_csv), and how many
    # rows this run encoded and files it spliced from them
    csv_previous: object = None
    csv_rows_encoded: int = 0
    csv_spliced: int = 0


def load(run: Path) -> Memo:
    """The memo the run in `run` kept (an empty Memo when a part is missing or unreadable)."""
    try:
        frames = [pl.read_parquet(run / f"{rel}.parquet")
                  for rel in (MEMO_ROWS, MEMO_LISTS, MEMO_NETWORKS)]
    except (OSError, pl.exceptions.PolarsError):
        return Memo()
    # One chunk per column, made here (in the prefetch thread, while the tag stage works):
    # read, the rows are in as many chunks as the file has row groups (6 at a million
    # people), and every worksheet gathers, filters and joins them: the reconnect list, the
    # plan and the card markup cost a night ~0.2 CPU-s more on the main thread that way.
    return Memo(frames[0].rechunk(), frames[1], frames[2]["network"].to_list())


class Prefetch:
    """What a re-dated night's outreach stage reads from the current run (the memo, the CSV
    memo, the parsed notes), read in a thread while the tag stage re-dates: ~0.5 s of Parquet
    decoding that overlaps the tag stage's work. `result()` waits and returns
    (memo with csv_previous set, notes); the reads are those outreach would make itself (the
    current run does not change while this run holds the lock)."""

    def __init__(self, run: Path, notes):
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1, thread_name_prefix="kith-prefetch")
        self._future = pool.submit(self._read, run, notes)
        pool.shutdown(wait=False)  # the thread ends once it has read

    @staticmethod
    def _read(run: Path, notes):
        from pipeline.incremental import worksheet_csv

        memo = load(run)
        memo.csv_previous = worksheet_csv.load(run)
        return memo, notes()

    def result(self):
        return self._future.result()


def _static_names(people_columns: list[str]) -> list[str]:
    """The columns of base() that the memo holds: the notes', the ledger's, the static texts."""
    static = list(R.static_columns())
    return [c for c in R.column_order(people_columns)
            if c != "person_id" and (c in R.NOTE_COLS or c in R.RECIP_COLS or c in static)]


def _from_memo(people: pl.DataFrame, memo: Memo, as_of: dt.date) -> pl.DataFrame | None:
    kept = memo.rows
    if kept is None or memo.lists is None or kept.height != people.height:
        return None
    names = _static_names(people.columns)
    if kept.columns != ["_at", "person_id", *names]:
        return None
    # only the people's columns the rows keep are gathered into page order (rows.ROW_PEOPLE)
    ordered = people.select([c for c in people.columns if c in R.ROW_PEOPLE])[kept["_at"]]
    if not ordered["person_id"].equals(kept["person_id"]):  # not the same people, same order
        return None
    return (pl.concat([ordered, kept.drop("_at", "person_id")], how="horizontal")
            .with_columns(**R.dated_columns(as_of)).select(R.column_order(people.columns)))


def _lists(memo: Memo) -> dict[str, pl.DataFrame]:
    parts = memo.lists.partition_by("network", as_dict=True, include_key=False,
                                    maintain_order=True)
    empty = memo.lists.drop("network").clear()
    return {net: parts.get((net,), empty) for net in memo.networks}


def rows_and_lists(people: pl.DataFrame, networks: pl.DataFrame, notes: pl.DataFrame,
                   recip: pl.DataFrame, as_of: dt.date, memo: Memo | None
                   ) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], dict | None]:
    """(rows.base(...) sorted by name then id, each network's members in that order, each
    member's position in the rows): from `memo` when it holds the current run's (see the
    module docstring: the caller says when it may; the positions are then None), else
    computed, and then kept in memo.fresh."""
    if memo is not None:
        rows = _from_memo(people, memo, as_of)
        if rows is not None:
            memo.used = True
            return rows, _lists(memo), None
    frame = R.joined(people, notes, recip).with_columns(**R.static_columns())
    rows = frame.with_columns(**R.dated_columns(as_of)).select(R.column_order(people.columns))
    # (sort_key, person_id) is unique: this order is rows.sort("sort_key", "person_id")
    at = rows.select(pl.arg_sort_by("sort_key", "person_id")).to_series().alias("_at")
    rows = rows[at]
    lists = R.members_by_network(R.memberships(people, networks), rows.select("person_id"))
    # each list is a subsequence of the rows (their order, each person once): its members'
    # positions are where the rows' ids are in it, with no join of the list to the rows
    # (a row index carried through the lists' own joins changes their chunks, and so the
    # bytes of the kept MEMO_LISTS)
    ids = rows["person_id"]
    positions = {net: np.flatnonzero(ids.is_in(f["person_id"].implode()).to_numpy()).astype(np.int64)
                 for net, f in lists.items()}
    if memo is not None:
        memo.fresh |= {
            MEMO_ROWS: rows.select(at, "person_id", *_static_names(people.columns)),
            MEMO_LISTS: pl.concat([f.select(pl.lit(net).alias("network"), "person_id", "reasons")
                                   for net, f in lists.items()]),
            MEMO_NETWORKS: pl.DataFrame({"network": list(lists)}, schema={"network": pl.String}),
        }
    return rows, lists, positions
