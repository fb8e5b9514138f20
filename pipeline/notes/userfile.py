"""A CSV file the user edits in a spreadsheet: reading and rewriting it without losing
anything, and reading what people type into its cells.

The file is kept as plain lists of strings: every cell, every extra column the user added, even
ragged rows, goes back out exactly as it came in. Only the cells kith asks to change change.
Its dialect survives too: a semicolon-separated file saved by a European Excel stays
semicolon-separated, a file with a BOM keeps it.

Writes are atomic (temporary file + rename, mode 0600) and guarded twice: an advisory lock
serialises kith processes (the nightly run against `kith note`), and a compare-and-swap on the
file's stat catches a spreadsheet saving the file between our read and our rename; the edit is
then re-applied to the new content instead of overwriting it.

Reading what people type into the cells is pipeline.notes.cells (re-exported here).
"""

from __future__ import annotations

import codecs
import csv
import fcntl
import io
import logging
import os
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import polars as pl

from pipeline.errors import UsageProblem
from pipeline.notes import openquote, userbytes
from pipeline.notes.cells import (  # noqa: F401  (re-exported: callers read cells here)
    NO_WORDS,
    REFERRAL_STAGES,
    for_cell,
    from_cell,
    parse_cell_date,
    parse_flag,
    referral_stage,
    slash_order,
)

log = logging.getLogger("kith")

ATTEMPTS = 5


class UserFileError(UsageProblem):
    """The file cannot be used safely; the message says what the user should do."""


def column_key(name: str) -> str:
    """Header cells are matched loosely: 'Next step', 'next-step' and 'next_step' are one column."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    delimiter: str = ","
    bom: bool = True
    newline: str = "\n"
    index: dict[str, int] = field(default_factory=dict)
    preamble: str = ""  # Excel's "sep=;" first line, written back as it came
    # Rows kith adds in bulk (a first run adds one per person: 500,000 of them), kept as a
    # frame with one String column per header column and written after `rows`.
    tail: pl.DataFrame | None = None
    strays: list[int] = field(default_factory=list)  # lines with a byte read as cp1252
    nuls: list[int] = field(default_factory=list)  # lines NUL bytes were taken out of

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.index = {}
        for i, name in enumerate(self.header):
            self.index.setdefault(column_key(name), i)  # the first of two same-named columns wins

    def ensure_columns(self, names: tuple[str, ...]) -> bool:
        """Append the missing columns at the end (existing columns keep their place)."""
        added = False
        for name in names:
            if name not in self.index:
                self.header.append(name)
                added = True
        if added:
            self.reindex()
        return added

    def get(self, row: list[str], name: str) -> str:
        i = self.index[name]
        return row[i] if i < len(row) else ""

    def set(self, row: list[str], name: str, value: str) -> bool:
        i = self.index[name]
        if i < len(row) and row[i] == value:
            return False
        if i >= len(row):
            if value == "":
                return False
            row.extend([""] * (i + 1 - len(row)))
        row[i] = value
        return True

    def new_row(self, **values: str) -> list[str]:
        row = [""] * len(self.header)
        for k, v in values.items():
            row[self.index[k]] = v
        return row

    def append_rows(self, frame: pl.DataFrame) -> None:
        """Add rows after the others: `frame`'s columns are header names; the rest are blank."""
        width = len(self.header)
        cols = {self.index[c]: pl.col(c).cast(pl.String).fill_null("") for c in frame.columns}
        wide = frame.select([cols.get(i, pl.lit("")).alias(f"c{i}") for i in range(width)])
        self.tail = wide if self.tail is None else pl.concat([self.tail, wide])

    def column(self, name: str) -> pl.Series:
        """Every row's cell of column `name` ("" where a row is short), tail rows included."""
        i = self.index[name]
        rows = self.rows
        if rows and min(map(len, rows)) <= i:  # a short row (the check in C: 100k rows)
            cells = [r[i] if i < len(r) else "" for r in rows]
        else:
            cells = list(map(itemgetter(i), rows))
        out = pl.Series(name, cells, dtype=pl.String)
        if self.tail is not None:
            out = pl.concat([out, self.tail[f"c{i}"].rename(name)])
        return out

    def copy(self) -> Table:
        return Table(list(self.header), [list(r) for r in self.rows], self.delimiter, self.bom,
                     self.newline, preamble=self.preamble,
                     tail=None if self.tail is None else self.tail.clone())

    def text(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=self.delimiter, lineterminator=self.newline)
        w.writerow(self.header)
        width = len(self.header)
        # Short rows are padded (every row as wide as the header, as spreadsheets expect);
        # longer ones keep their cells past the last column.
        w.writerows(r if len(r) >= width else r + [""] * (width - len(r)) for r in self.rows)
        if self.tail is not None and self.tail.height:
            buf.write(_tail_text(self.tail, w, self.delimiter, self.newline))
        return self.preamble + buf.getvalue()


def _tail_text(tail: pl.DataFrame, writer, delimiter: str, newline: str) -> str:
    """The bulk rows as the csv module would write them. polars quotes where it does
    (delimiter, quote, LF) except for a lone CR, and writes an empty string as "": a frame
    with a CR anywhere goes through the csv module instead (`writer`, which appends to the
    caller's buffer; "" is returned), and blanks go out as nulls, which polars writes as
    nothing."""
    if tail.select(pl.any_horizontal(pl.all().str.contains("\r", literal=True)).any()).item():
        writer.writerows(tail.rows())
        return ""
    return tail.select(pl.all().replace("", None)).write_csv(
        None, include_header=False, separator=delimiter, line_terminator=newline,
        quote_style="necessary")


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# Excel's delimiter hint line; read as the header, the file "had no person_id column".
_SEP_LINE = re.compile(r"(?i)sep=([,;\t|])\r?\n")


def parse(data: bytes, default_header: tuple[str, ...]) -> Table:
    if not data.strip():
        return Table(list(default_header), [])
    text, enc, strays = userbytes.decode(data)
    text, nuls = userbytes.without_nuls(text)
    # A file that was not UTF-8 (a cp1252 save) is written back as UTF-8 with a BOM, which is
    # what makes Excel read the accents right.
    bom = data.startswith(codecs.BOM_UTF8) or enc != "utf-8"
    first = text.split("\n", 1)[0]
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    delimiter = sniff_delimiter(first)
    hint = _SEP_LINE.match(text)
    preamble = hint.group(0) if hint else ""
    if hint:
        delimiter, text = hint.group(1), text[hint.end():]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, body = (rows[0], rows[1:]) if rows else (list(default_header), [])
    # Spreadsheets save trailing empty lines as rows of empty cells; they carry nothing.
    body = [r for r in body if any(r)]  # any(): a non-empty cell (C speed: 100k rows)
    cut = openquote.swallowed(text, header, body, delimiter)
    if cut is not None:
        skip = preamble.count("\n")
        raise _OpenQuote((cut[0] + skip, cut[1] + skip))
    return Table(header, body, delimiter, bom, newline, preamble=preamble, strays=strays,
                 nuls=nuls)


class _OpenQuote(Exception):  # noqa: N818 - parse's finding, given its path by read()
    pass


def stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def kith_lock(path: Path):
    """Serialise kith processes that edit `path` (a lock file beside it; the file itself is
    replaced by rename, so it cannot carry the lock)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = path.with_name(f".{path.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def read(path: Path, default_header: tuple[str, ...]) -> tuple[Table, tuple | None]:
    """The table and the stat it was read at (None when the file does not exist yet)."""
    key = stat_key(path)
    if key is None:
        return Table(list(default_header), []), None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserFileError(f"Cannot read {path} ({exc.strerror}).") from exc
    damage = userbytes.not_text(data)
    if damage:
        raise UserFileError(f"{path} {damage}")
    try:
        table = parse(data, default_header)
    except _OpenQuote as exc:
        raise UserFileError(openquote.message(path, exc.args[0])) from None
    keys = [column_key(h) for h in table.header]
    moved = userbytes.header_moved(path, keys, table.rows, default_header, column_key)
    if moved:
        raise UserFileError(moved)
    userbytes.warn(path, table.strays, keys, default_header, table.nuls)
    return table, key


def spreadsheet_has_open(path: Path) -> bool:
    """LibreOffice marks an open file with .~lock.NAME#; its next save replaces our changes."""
    return path.with_name(f".~lock.{path.name}#").exists()


def _write(path: Path, table: Table, expected: tuple | None) -> bool:
    """Atomically replace `path`, unless it changed since `expected` (then False)."""
    payload = table.text().encode("utf-8")
    return write_bytes(path, codecs.BOM_UTF8 + payload if table.bom else payload, expected)


def open_tmp(tmp: Path) -> int:
    """A new private temporary file at `tmp`, never through a link: whatever stands at that
    name (a link another user planted in a shared folder, a crashed run's leftover) is removed
    first, and O_EXCL|O_NOFOLLOW refuse one that appears in between."""
    tmp.unlink(missing_ok=True)
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)


def write_bytes(path: Path, payload: bytes, expected: tuple | None) -> bool:
    # A notes file kept in a synced folder and linked from the kith home: the file the link
    # names is replaced, not the link (which became a plain file the synced copy never saw).
    path = path.resolve() if path.is_symlink() else path
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = open_tmp(tmp)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if stat_key(path) != expected:
            tmp.unlink()
            return False
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserFileError(f"Cannot write {path} ({exc.strerror}); it was not changed.") from exc
    return True


def update(path: Path, default_header: tuple[str, ...], edit: Callable[[Table], bool]) -> Table:
    """Read `path`, let `edit` change the table in place (returning True when it did), and
    write it back only then. Returns the table as it now stands."""
    with kith_lock(path):
        for _ in range(ATTEMPTS):
            table, key = read(path, default_header)
            if not edit(table):
                return table
            if spreadsheet_has_open(path):
                log.warning("%s is open in a spreadsheet; saving it there will undo "
                            "kith's changes (they are made again on the next run).", path)
            if _write(path, table, key):
                return table
        raise UserFileError(f"{path} kept changing while kith was updating it; close the "
                            "spreadsheet and try again.")


@dataclass
class PreparedEdit:
    """An edit worked out on the file as it was read, to be written later (see `prepare`)."""

    path: Path
    default_header: tuple[str, ...]
    edit: Callable[[Table], bool]
    table: Table
    key: tuple | None
    changed: bool


def prepare(path: Path, default_header: tuple[str, ...],
            edit: Callable[[Table], bool]) -> PreparedEdit:
    """Apply `edit` to the file's content in memory; nothing is written (see `commit`)."""
    table, key = read(path, default_header)
    return PreparedEdit(path, default_header, edit, table, key, edit(table))


def commit(prepared: PreparedEdit) -> None:
    """Write a prepared edit. When the file changed since it was read (the user saved it in
    between), the edit is made again on the new content, so their change is kept."""
    if not prepared.changed:
        return
    with kith_lock(prepared.path):
        if _write(prepared.path, prepared.table, prepared.key):
            return
    update(prepared.path, prepared.default_header, prepared.edit)
