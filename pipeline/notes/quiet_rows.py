"""The notes rows a sync leaves exactly as they are, found column-wise.

A nightly run where 1% of the contacts changed syncs a notes file of every person: the sync's
row loop (notes_file.plan_sync) reads and sets each row's cells in Python, ~2 s at 100,000
people, yet for nearly every row it changes nothing. A row is left as it is when its
person_id cell is the id of a person of this run whom no merge or split touches, its name cell
is already that person's name as kith writes it, and its kith_status cell is already "active"
with a follow-up cell that is empty or a date kith reads. Those rows are found here on whole
columns; the loop then keeps them without looking at them, and works through the others as
before. Anything unusual (a name starting like a formula, a follow-up cell kith cannot read, a
padded id) is left to the loop, which decides exactly as it always did.
"""

from __future__ import annotations

import polars as pl

from pipeline.notes.cells import parse_cell_date
from pipeline.notes.userfile import Table

# csvsafe.neutralise's triggers: such a name is written with an apostrophe (or not: a phone
# number), which the loop decides.
_TRIGGER = r"^[=+\-@\t\r]"


def quiet_rows(table: Table, people: pl.DataFrame, touched: set[str]
               ) -> tuple[list[bool], list[str]] | None:
    """For each row of `table.rows`, True when the sync leaves it as it is (see the module
    docstring), and the rows' person_id cells; None when the table has bulk rows (never the
    case for a file just read).
    `people`: person_id, display_name of this run; `touched`: ids a merge or split moves or
    flags (their rows go through the loop)."""
    if table.tail is not None or not table.rows:
        return None
    cells = pl.DataFrame([table.column(c) for c in ("person_id", "name", "kith_status",
                                                     "follow_up")])
    dates = cells["follow_up"].unique()
    readable = [v for v in dates.to_list() if v == "" or parse_cell_date(v) is not None]
    named = people.select("person_id", pl.col("display_name").fill_null("").alias("_name"),
                          pl.lit(True).alias("_alive"))
    frame = cells.join(named, on="person_id", how="left", maintain_order="left")
    quiet = (pl.col("_alive").fill_null(False)
             & ~pl.col("person_id").is_in(sorted(touched))
             & (pl.col("name") == pl.col("_name"))
             & ~pl.col("_name").str.contains(_TRIGGER)
             & (pl.col("kith_status") == "active")
             & pl.col("follow_up").is_in(readable))
    return frame.select(quiet.fill_null(False))[:, 0].to_list(), cells["person_id"].to_list()


class Names:
    """The sync's look-ups, each built at the first row that needs it and no wider than it
    must be: a first run's empty notes file needs neither, and a night's file, where all but
    the rows of changed people are quiet (quiet_rows), needs the names of those few people
    only, not a dict of every person (0.2 s at 100,000 people) and no index of unique names
    (0.15 s), which only a row without a person_id needs."""

    def __init__(self, people: pl.DataFrame, unique_names) -> None:
        self.people = people  # person_id, display_name
        self.unique_names = unique_names  # people -> {folded name: id} for unique names
        self.wanted: set[str] | None = None  # None: every person's name
        self.names: dict[str, str] | None = None
        self.unique: dict[str, str] | None = None
        self.built = 0  # names read into `names` (NotesSync.names_built)

    def expect(self, ids: set[str]) -> None:
        """Only these ids' names are asked for (others fall back to every name)."""
        self.wanted = ids

    def of(self, pid: str) -> str | None:
        """The display name of `pid`, a person of this run."""
        if self.names is None or pid not in self.names:
            some = self.people
            if self.names is None and self.wanted is not None and pid in self.wanted:
                some = some.filter(pl.col("person_id").is_in(sorted(self.wanted)))
            # else an id not foreseen (one the loop adopted by name): every name
            self.names = dict(some.rows())
            self.built += len(self.names)
        return self.names[pid]

    def index(self) -> dict[str, str]:
        """Unique folded display name -> person_id."""
        if self.unique is None:
            self.unique = self.unique_names(self.people)
        return self.unique
