"""ledger.csv beside notes.csv: dated entries of what I gave, asked, received, and talks.

`kith log` appends to the file (never rewrites it), so an entry cannot take anything else with
it. The only rewrites are re-keying the person_id cells of people who merged, a column kith
owns (with kith_from, which kith adds then, naming the ids an entry was re-keyed from so a
later split can take it back), and a ledger saved in UTF-16 or a code page, which is rewritten once as UTF-8 with every
row kept (UTF-8 appended to it would not read back).

Reciprocity rests on the practice the worksheets teach: offer help before asking for it. A
person asked more often than given to is flagged, and one who did more for me than I for them
is someone I owe.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import os
from pathlib import Path

import polars as pl

from pipeline import keep_in_touch as touch
from pipeline import schema, textio
from pipeline.errors import UsageProblem
from pipeline.notes.cells import typed_id
from pipeline.notes.userfile import (
    Table,
    UserFileError,
    for_cell,
    from_cell,
    kith_lock,
    parse_cell_date,
    read,
    slash_order,
    update,
)
from pipeline.tagging.rules import Dormant

log = logging.getLogger("kith")

HEADER = schema.LEDGER_HEADER
KINDS = ("gave", "asked", "received", "talked")
# kith's own column, added by the first re-key: the ids an entry was re-keyed from, oldest
# first ("p_a; p_b"), as notes.csv's kith_flag names them. A split that brings one of them
# back moves the entry back to it (`follow`).
FROM = "kith_from"

LEDGER: dict[str, pl.DataType] = {
    "line": pl.Int64,  # 2 = the first row under the header, as a spreadsheet numbers it
    "date": pl.Date,
    "person_id": pl.String,
    "name": pl.String,
    "kind": pl.String,
    "text": pl.String,
    "problem": pl.String,  # why the entry is not counted (null when it is)
}
# As load_ledger reads it: with the ids each entry was re-keyed from ("" when none). A frame
# without the column (one built elsewhere) is read as having none.
LOADED: dict[str, pl.DataType] = {**LEDGER, FROM: pl.String}

RECIPROCITY: dict[str, pl.DataType] = {
    "person_id": pl.String,
    "gives": pl.Int64,
    "asks": pl.Int64,
    "received": pl.Int64,
    "talks": pl.Int64,
    "balance": pl.Int64,  # gives - received: above 0, I helped them more than they helped me
    "last_give": pl.Date,
    "last_ask": pl.Date,
    "last_received": pl.Date,
    "last_talked": pl.Date,
    "ask_first": pl.Boolean,  # asked more than given: offer help before the next ask
    "owes": pl.Boolean,  # they did more for me than I did for them
    "flag": pl.String,
}
ASK_FIRST = "offer help before your next ask"
OWE = "you owe them a favour"


class LedgerError(UsageProblem):
    """The ledger cannot be used; the message says what to fix."""


def ledger_path(notes_path: Path) -> Path:
    return notes_path.with_name("ledger.csv")


def append_entry(path: Path, person_id: str, name: str, kind: str, text: str,
                 on: dt.date) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    values = {"date": on.isoformat(), "person_id": person_id, "name": for_cell(name or ""),
              "kind": kind, "text": for_cell(" ".join((text or "").split()))}

    def add(table: Table) -> bool:
        missing = [c for c in ("date", "person_id", "kind") if c not in table.index]
        if missing:
            raise LedgerError(f"{path} has no {', '.join(missing)} column; restore it (or "
                              "move the file away and kith starts a new one).")
        row = [""] * len(table.header)
        for key, value in values.items():
            if key in table.index:
                row[table.index[key]] = value
        table.rows.append(row)
        return True

    try:
        with kith_lock(path):
            table, _ = read(path, HEADER)
            if _utf8(path):
                add(table)
                _append(path, table, table.rows[-1], _ends_in_a_quote(path))
                return
        # A ledger saved as UTF-16 or a code page (Excel's "Unicode text", a cp1252 save):
        # UTF-8 bytes appended to it were unreadable or mojibake. It is rewritten once as
        # UTF-8 with a BOM (as notes.csv is), every row as it was, the entry after them.
        update(path, HEADER, add)
    except UserFileError as exc:
        raise LedgerError(str(exc)) from exc
    except OSError as exc:
        raise LedgerError(f"Cannot write {path} ({exc.strerror}).") from exc


def _utf8(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return True
    return textio.decode(data)[1] == "utf-8"


def _ends_in_a_quote(path: Path) -> bool:
    """The file ends inside a quoted cell (a copy cut short mid-cell, a quote typed and never
    closed): a row appended to it is read into that cell, and `kith log` said "Logged" for an
    entry no command ever counted or showed (docs/fuzz32.md, G2)."""
    try:  # (a file cut short may end mid-character too)
        text = path.read_bytes().decode("utf-8-sig", "replace")
    except FileNotFoundError:
        return False
    if '"' not in text:
        return False
    probe = text + ("" if text.endswith(("\n", "\r")) else "\n") + "kith-probe\n"
    rows = list(csv.reader(io.StringIO(probe, newline="")))
    return not rows or rows[-1] != ["kith-probe"]


def _append(path: Path, table: Table, row: list[str], close_quote: bool = False) -> None:
    buf = io.StringIO()
    if close_quote:
        # the cell reads the same closed (the reader took it to the end of the file)
        buf.write('"' + table.newline)
        log.warning("%s: line %d ended inside a quoted cell (a copy cut short, or a quote "
                    "never closed); kith closed it before adding the entry: check that "
                    "entry's text.", path, len(table.rows))
    w = csv.writer(buf, delimiter=table.delimiter, lineterminator=table.newline)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            fh.write(codecs.BOM_UTF8)
            w.writerow(table.header)
        elif not close_quote:
            fh.seek(size - 1)
            if fh.read(1) not in (b"\n", b"\r"):  # the user's editor left no final newline
                buf.write(table.newline)
        w.writerow(row)
        fh.write(buf.getvalue().encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def load_ledger(path: Path) -> pl.DataFrame:
    """Every entry, with `problem` set on the ones that cannot be counted (no date, unknown
    kind, no person), so the CLI can point at them instead of silently dropping them."""
    try:
        table, _ = read(path, HEADER)
    except UserFileError as exc:
        raise LedgerError(str(exc)) from exc
    table.ensure_columns(HEADER)
    cols: dict[str, list] = {k: [] for k in LOADED}
    order = slash_order(table.get(row, "date") for row in table.rows)
    for n, row in enumerate(table.rows, start=2):
        when = parse_cell_date(table.get(row, "date"), order)
        kind = table.get(row, "kind").strip().lower()
        pid = typed_id(table.get(row, "person_id"))
        problem = ("no readable date" if when is None else
                   f"kind is not one of {', '.join(KINDS)}" if kind not in KINDS else
                   "no person_id" if not pid else None)
        cols["line"].append(n)
        cols["date"].append(when)
        cols["person_id"].append(pid or None)
        cols["name"].append(from_cell(table.get(row, "name")))
        cols["kind"].append(kind)
        cols["text"].append(from_cell(table.get(row, "text")))
        cols["problem"].append(problem)
        cols[FROM].append(table.get(row, FROM) if FROM in table.index else "")
    frame = pl.DataFrame(cols, schema=LOADED)
    bad = frame.filter(pl.col("problem").is_not_null())
    if bad.height:
        log.warning("%d entr%s in %s not counted: %s.", bad.height,
                    "y" if bad.height == 1 else "ies", path, _problems(bad))
    return frame


def _problems(bad: pl.DataFrame) -> str:
    """Each problem with its lines ("line 4, 9: no person_id"), in the order first met: one
    reason for all of them sent the user looking for a wrong kind on a line with no id."""
    parts = []
    for problem, lines in bad.group_by("problem", maintain_order=True).agg("line").rows():
        shown = ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")
        parts.append(f"line{'s' if len(lines) > 1 else ''} {shown}: {problem}")
    return "; ".join(parts)


def empty_ledger() -> pl.DataFrame:
    return pl.DataFrame(schema=LOADED)


def reciprocity(ledger: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """Per person_id: counts, balance, last dates and the flag (see RECIPROCITY); with
    `as_of`, of the entries dated up to it (a later one is a plan, as in with_evidence)."""
    valid = ledger.filter(pl.col("problem").is_null() & (
        pl.lit(True) if as_of is None else pl.col("date") <= as_of))

    def count(kind: str) -> pl.Expr:
        return (pl.col("kind") == kind).sum().cast(pl.Int64)

    def last(kind: str) -> pl.Expr:
        return pl.col("date").filter(pl.col("kind") == kind).max()

    out = valid.group_by("person_id").agg(
        gives=count("gave"), asks=count("asked"), received=count("received"),
        talks=count("talked"), last_give=last("gave"), last_ask=last("asked"),
        last_received=last("received"), last_talked=last("talked"),
    ).with_columns(
        balance=pl.col("gives") - pl.col("received"),
        ask_first=pl.col("asks") > pl.col("gives"),
        owes=pl.col("received") > pl.col("gives"),
    ).with_columns(
        flag=pl.concat_str(
            pl.when(pl.col("ask_first")).then(pl.lit(ASK_FIRST)),
            pl.when(pl.col("owes")).then(pl.lit(OWE)),
            separator="; ", ignore_nulls=True,
        ).replace("", None),
    )
    return out.select(list(RECIPROCITY)).cast(RECIPROCITY).sort("person_id")


def dated_between(ledger: pl.DataFrame, one: dt.date, other: dt.date) -> bool:
    """An entry dated after the earlier date and up to the later: moving the as-of date
    between them changes what reciprocity counts."""
    dates = ledger.filter(pl.col("problem").is_null())["date"]
    return bool(((dates > min(one, other)) & (dates <= max(one, other))).any())


def apply_to_people(people: pl.DataFrame, notes: pl.DataFrame, ledger: pl.DataFrame,
                    as_of: dt.date, rule: Dormant | None = None) -> pl.DataFrame:
    """The people table with the user's own evidence applied (pipeline.keep_in_touch's rule).

    A `talked` entry is an interaction: when it is the latest one, last_interaction moves to
    it, follow_up_due restarts from it and a dormant tie wakes up. Notes and ledger entries
    make a relationship (`relationship`); only relationships get a computed follow-up. A
    follow-up date typed in the notes wins over any computed one. Entries dated after `as_of`
    are plans, not interactions, and are ignored.
    """
    # only the columns the rule reads are joined (the people table has ~40: joining them all
    # cost a night at a million people ~0.1 s), and the four it changes put back in place
    frame = with_evidence(people.select(_APPLY_READS), notes, ledger, as_of)
    changed = frame.select("last_interaction", "relationship", *touch.keep_in_touch(
        as_of, rule or Dormant(), warm_once=pl.col("dormant").fill_null(False),
        related=pl.col("relationship") != "", typed=pl.col("_typed"),
        pending=pl.col("_next")))
    changed = changed.select([c for c in changed.columns if c in people.columns])
    if changed.height != people.height:  # a person twice in the notes: rows as joined
        return frame.select("person_id").join(people, on="person_id", how="left",
                                              maintain_order="left").with_columns(changed)
    return people.with_columns(changed)


def with_evidence(people: pl.DataFrame, notes: pl.DataFrame, ledger: pl.DataFrame,
                  as_of: dt.date) -> pl.DataFrame:
    """`people` (any of its columns, with person_id and last_interaction) joined with the
    user's evidence: last_interaction moved to a later `talked` entry, `relationship`, and the
    helper columns _typed (a follow-up typed in the notes), _noted and _logged (null, not
    False, for a person whose notes row says nothing) and _next (a next step noted: still to
    do whatever the ledger says, since a talk kith logs clears the step it completes,
    notes.steps)."""
    valid = ledger.lazy().filter(pl.col("problem").is_null() & (pl.col("date") <= as_of))
    talked = (valid.filter(pl.col("kind") == "talked")
              .group_by("person_id").agg(_talked=pl.col("date").max()))
    logged = valid.select("person_id").unique().with_columns(_logged=pl.lit(True))
    # Only the notes rows that say something (a follow-up, some text) are joined; a row that
    # says nothing joins as no row. A person listed twice keeps each row, in the notes' order
    # (left_right: a lazy join keeps it only if asked). All ~680,000 rows of a million-record
    # notes file cost ~0.25 CPU-s a run to join for the few hundred that say something.
    typed = _saying(notes).lazy().select("person_id", _typed=pl.col("follow_up"),
                                         _noted=pl.any_horizontal(_NOTED), _next=_NEXT)
    typed = typed.filter(pl.col("_typed").is_not_null() | pl.col("_noted")
                         | pl.col("person_id").is_duplicated())
    talk_is_latest = pl.col("_talked").is_not_null() & (
        pl.col("last_interaction").is_null() | (pl.col("_talked") >= pl.col("last_interaction")))
    return (people.lazy().join(talked, on="person_id", how="left", maintain_order="left")
            .join(typed, on="person_id", how="left", maintain_order="left_right")
            .join(logged, on="person_id", how="left", maintain_order="left")
            .with_columns(last_interaction=pl.when(talk_is_latest).then(pl.col("_talked"))
                          .otherwise(pl.col("last_interaction")),
                          relationship=touch.relationship(noted=pl.col("_noted"),
                                                          logged=pl.col("_logged"),
                                                          typed=pl.col("_typed")))).collect()


_TEXTS = ("need", "offer", "next_step", "referral_status", "referred_by")
_NEXT = pl.col("next_step").cast(pl.String).fill_null("").str.strip_chars() != ""  # pending
# A notes row has text: one of _TEXTS is more than white space.
_NOTED = [pl.col(c).cast(pl.String).fill_null("").str.strip_chars() != "" for c in _TEXTS]


def _saying(notes: pl.DataFrame) -> pl.DataFrame:
    """The notes rows that may say something: a follow-up date, a text cell that is not
    empty, or a person listed twice (each of their rows). with_evidence decides on these
    alone; picking them by byte length, and the duplicates only when the ids are not all
    distinct (a loaded notes file has one row a person), costs a night at a million people
    ~0.02 CPU-s instead of ~0.2 (stripping five columns and a duplicate search of every row)."""
    some = pl.any_horizontal([pl.col(c).cast(pl.String).str.len_bytes() > 0 for c in _TEXTS])
    pick = pl.col("follow_up").is_not_null() | some.fill_null(False)
    if notes["person_id"].n_unique() < notes.height:
        pick = pick | pl.col("person_id").is_duplicated()
    return notes.filter(pick)


# What apply_to_people reads of the people table.
_APPLY_READS = ["person_id", "last_interaction", "first_connected", "cadence_days", "dormant",
                "messages_sent", "messages_received", "labels", "sources", "target_companies"]
