"""What the pages read: the current run's tables and the user's notes and ledger, cached.

Tables are read once per run (the `current` link names it) and the user's files once per
change (their stat), so a page at 100,000 people filters frames in memory instead of reading
Parquet and CSV files on every request.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import lookup
from pipeline.dedupe import decisions as dec
from pipeline.normalize.unnamed import without_extension
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file, notes_frame, since_run, userfile, userrows
from pipeline.notes.notes_frame import NOTES
from pipeline.tagging.rules import Dormant
from pipeline.worksheets.rows import work_text

TABLES = ("people", "records", "networks", "targets", "review", "pairs")


class NoOutputError(Exception):
    """There is no run to show yet."""


@dataclass
class Snapshot:
    run_id: str
    as_of: str
    people: pl.DataFrame
    records: pl.DataFrame
    networks: pl.DataFrame
    targets: pl.DataFrame
    review: pl.DataFrame
    pairs: pl.DataFrame  # only the pairs under review
    plan: pl.DataFrame
    haystack: pl.DataFrame  # person_id, folded search text
    # the owner's own cards (the tag stage's table; none in a run folder written before it)
    own_cards: frozenset[str] = frozenset()
    _shared: set[str] | None = None

    def shared_keys(self) -> set[str]:
        if self._shared is None:
            self._shared = dec.shared_keys(self.records)
        return self._shared

    def person(self, pid: str) -> dict | None:
        hit = self.people.filter(pl.col("person_id") == pid)
        return hit.row(0, named=True) if hit.height else None


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


# a query word of digits and a number's punctuation ("(415)", "555-0196", "+1") is matched as
# its digits, as the numbers are kept in the search text
_PHONE_WORD = re.compile(r"[\d()+\-./]*\d[\d()+\-./]*")
_PHONE_PUNCT = re.compile(r"\D")
# "+1 214-371-1079 ext. 3375", as a card has it, is searched without its extension (user36:
# unnamed.without_extension)


def _fold(expr: pl.Expr) -> pl.Expr:
    return (expr.cast(pl.String).fill_null("").str.normalize("NFKD")
            .str.replace_all(r"\p{M}", "").str.to_lowercase())


class Store:
    def __init__(self, out: Path, notes_path: Path, rule: Dormant):
        self.out, self.notes_path, self.rule = out, notes_path, rule
        self.ledger_path = ledger_mod.ledger_path(notes_path)
        self._lock = threading.Lock()
        self._snap: tuple[str, Snapshot] | None = None
        self._notes: tuple[tuple | None, pl.DataFrame] | None = None
        self._patched: dict[str, object] = {}  # pid -> Table (or its combined frame)
        self._ledger: tuple[tuple | None, pl.DataFrame] | None = None

    def snapshot(self) -> Snapshot:
        current = self.out / "current"
        try:
            key = os.readlink(current)
        except OSError as exc:
            raise NoOutputError(f"No outputs in {self.out} yet; run `kith run` first.") from exc
        with self._lock:
            if self._snap is None or self._snap[0] != key:
                self._snap = (key, self._load(self.out / key))
            return self._snap[1]

    def _load(self, folder: Path) -> Snapshot:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        # From the run's own folder, not the links through `current`: a run published while
        # these are read cannot mix two runs' tables.
        t = {name: pl.read_parquet(folder / f"{name}.parquet") for name in TABLES}
        review = t["review"]
        pairs = t["pairs"].join(review.select("record_id_l", "record_id_r"),
                                on=["record_id_l", "record_id_r"], how="semi")
        plan_csv = folder / "worksheets" / "plan.csv"
        plan = (pl.read_csv(plan_csv, infer_schema=False) if plan_csv.exists()
                else pl.DataFrame(schema={"section": pl.String, "person_id": pl.String}))
        people = t["people"]
        # numbers as digits: "415 555-0196" finds +14155550196 (and a card whose only name
        # was its number, shown as "(no name; phone ending 96)", is found by it)
        digits = pl.col("phones").list.eval(pl.element().str.replace_all(r"\D", ""))
        haystack = people.select("person_id", text=_fold(pl.concat_str(
            [pl.col("display_name"), pl.col("organization"), pl.col("title"),
             pl.col("emails").list.join(" "), pl.col("city"), digits.list.join(" ")],
            separator=" ", ignore_nulls=True)))
        own = folder / "stages" / "tag" / "own_cards.parquet"
        own_cards = (frozenset(pl.read_parquet(own, columns=["person_id"])["person_id"])
                     if own.exists() else frozenset())
        return Snapshot(manifest.get("run_id", ""), manifest.get("as_of", ""), people,
                        t["records"], t["networks"], t["targets"], review, pairs, plan,
                        haystack, own_cards)

    def notes_of(self, pid: str) -> pl.DataFrame:
        """`pid`'s row of the combined notes (none or one). The whole file is read once per
        change made elsewhere (a spreadsheet, `kith note`, a run); after this server's own
        write only that person's rows are read again (note_written)."""
        with self._lock:
            self._notes_current()
            patched = self._patched.get(pid)
            if isinstance(patched, userfile.Table):
                patched = self._patched[pid] = notes_frame.combine(patched)
            return patched if patched is not None else self._notes[1].filter(
                pl.col("person_id") == pid)

    def do_not_contact(self) -> set[str]:
        """Everyone the notes mark do-not-contact now, this server's own writes included."""
        with self._lock:
            frame = self._notes_current()
            ids = set(since_run.marked_do_not_contact(frame))
            patched = list(self._patched)
        for pid in patched:  # rows this server rewrote since the file was read
            rows = self.notes_of(pid)
            if rows.height and rows["do_not_contact"][0]:
                ids.add(pid)
            else:
                ids.discard(pid)
        return ids

    def _notes_current(self) -> pl.DataFrame:
        """The combined notes frame, read again when the file changed (under self._lock)."""
        key = _stat(self.notes_path)
        if self._notes is None or self._notes[0] != key:
            frame = (notes_file.load_notes(self.notes_path) if key is not None
                     else pl.DataFrame(schema=NOTES))
            self._notes, self._patched = (key, frame), {}
        return self._notes[1]

    def notes_now(self) -> pl.DataFrame:
        """Every row of the combined notes as they are now, this server's own writes included."""
        with self._lock:
            frame = self._notes_current()
            patched = list(self._patched)
        if not patched:
            return frame
        mine = [self.notes_of(pid) for pid in patched]
        return pl.concat([frame.filter(~pl.col("person_id").is_in(patched)), *mine],
                         how="diagonal_relaxed")

    def successor(self, pid: str) -> str | None:
        """The person a merged-away id now belongs to (pipeline.lookup.successor): a bookmark
        outlives many runs: the kept runs' lineages, and the notes' flags and the ledger's
        kith_from for merges older than those."""
        people = self.snapshot().people
        lineage = lookup.lineages(self.out)
        with self._lock:
            notes = self._notes_current()
        led = self.ledger()
        return lookup.successor(
            pid, lambda p: people.filter(pl.col("person_id") == p).height > 0,
            lambda p: lookup.merged_into(p, lineage, notes, led))

    def notes_key(self) -> tuple | None:
        return _stat(self.notes_path)

    def note_written(self, pid: str, before: tuple | None) -> None:
        """After this server changed `pid`'s notes: keep the cache, with that person's rows
        read again (their rows only: a reload of 100,000 rows takes a second), when the cache
        was current before the write; otherwise the next read reloads."""
        with self._lock:
            if self._notes is None or self._notes[0] != before:
                return
            found = userrows.find_rows(self.notes_path, notes_file.HEADER, "person_id", pid)
            if found is None or not found[1]:
                self._notes = None
                return
            table, spans, _, key = found
            table.rows = [cells for _, _, cells in spans]
            self._patched[pid] = table  # combined when first read
            self._notes = (key, self._notes[1])

    def ledger(self) -> pl.DataFrame:
        key = _stat(self.ledger_path)
        with self._lock:
            if self._ledger is None or self._ledger[0] != key:
                frame = (ledger_mod.load_ledger(self.ledger_path) if key is not None
                         else ledger_mod.empty_ledger())
                self._ledger = (key, frame)
            return self._ledger[1]

    def live_person(self, pid: str, today: dt.date) -> dict | None:
        """The person as a run today would show them: their notes and ledger applied with
        the same function the outreach stage uses (a Talked click resets the follow-up at
        once, before any re-run)."""
        snap = self.snapshot()
        one = snap.people.filter(pl.col("person_id") == pid)
        if one.height == 0:
            return None
        notes = self.notes_of(pid)
        entries = self.ledger().filter(pl.col("person_id") == pid)
        live = ledger_mod.apply_to_people(one, notes, entries, today, self.rule)
        return live.with_columns(work=work_text(pl.col("title"), pl.col("organization"))
                                 ).row(0, named=True)

    def search(self, query: str) -> pl.DataFrame:
        """Everyone the query's words all find, by name: the page shows them a page at a
        time. (It showed the first 50 in the table's order, under "50 found", when 1,500
        people matched "smith" in a 100,000-person book: the one looked for was often not
        among them, and nothing said so.)"""
        snap = self.snapshot()
        words = [_PHONE_PUNCT.sub("", w) if _PHONE_WORD.fullmatch(w) else w
                 for w in pl.select(_fold(pl.lit(without_extension(query or "")))).item().split()]
        if not words:
            return snap.people.head(0)
        match = pl.all_horizontal([pl.col("text").str.contains(w, literal=True) for w in words])
        ids = snap.haystack.filter(match)["person_id"]
        return (snap.people.filter(pl.col("person_id").is_in(ids.implode()))
                .sort(pl.col("display_name").str.to_lowercase(), "person_id", nulls_last=True))
