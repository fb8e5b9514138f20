"""Repairs of damaged CSV tables, after the CSV parser and before any reader maps columns:
a line of the file's own column names inside its data (exports joined), whole lines a
spreadsheet quoted into one cell, a row broken by an unquoted line break, and the rows a stray
quote at the start of a cell took into that cell (to the end of the file, or to a second stray
quote that closed it). Each turns what would have been a made-up
person, or people silently lost, back into the rows the file meant, or into rejects with a
reason (textio.read_table calls them)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import polars as pl

from pipeline.formats import csvheaders
from pipeline.formats.base import Rejects

HEADER_LINE = ("A line of this file's column names inside its data (a header pasted or "
               "repeated there), not a person.")


def without_header_lines(frame: pl.DataFrame, names: list[str], cells: list[str],
                          delimiter: str, rejects: Rejects) -> pl.DataFrame:
    """Rows whose filled cells, two or more, are all column names of the file's own header,
    rejected. Exports joined with `cat` (or a second one pasted below the first, its BOM
    included) repeat the header, and a Russian Outlook export ended in the header line of
    another layout (docs/realworld12.md R1): read as contacts they were people named
    "First Name Middle Name Last Name" at "Organization Name", or "Должность Отдел"."""
    header = {c.lower() for c in cells if c}
    if not names or not header or frame.height == 0:
        return frame

    def named(e: pl.Expr) -> pl.Expr:
        return e.is_null() | e.str.strip_chars_start("\ufeff").str.to_lowercase().is_in(
            list(header))

    # One column first: only the rows where it is empty or a column name are compared cell
    # by cell (a file with no such line, nearly every file, pays for that one column): the
    # column with the fewest empty cells, as every empty row of it is compared.
    first = min(names, key=lambda c: frame.get_column(c).null_count())
    maybe = frame.select(named(pl.col(first))).to_series()
    if not maybe.any():
        return frame
    # The rows' cells as one list each: one expression for every column, not one per column
    # (a contacts file's 40 columns on its 4 rows without a first name: ~7 ms of planning)
    rows = frame.filter(maybe)
    cells_of = pl.concat_list(names)
    lines = rows.filter(cells_of.list.eval(named(pl.element())).list.all()
                        & (cells_of.list.drop_nulls().list.len() >= 2))
    if lines.height == 0:
        return frame
    for row in lines.iter_rows(named=True):
        rejects.add(row["source_row"], HEADER_LINE, delimiter.join(row[n] or "" for n in names))
    return frame.join(lines.select("source_row"), on="source_row", how="anti",
                      maintain_order="left")


# Fewer columns and a row of one cell is as likely a quoted value with commas in it.
_UNWRAP_MIN_WIDTH = 5


def unwrap_lines(frame: pl.DataFrame, names: list[str], delimiter: str, rejects: Rejects,
                 finish: Callable[[pl.DataFrame, list[str]], pl.DataFrame]) -> pl.DataFrame:
    """Rows whose first cell holds a whole CSV line, the other cells empty, read as that line.

    A comma file opened as one column in a spreadsheet set to ";" and saved again quotes the
    lines that hold a quote ('"Ann,Lee,,""Acme, Inc"",CTO,07 Jun 2021"': docs/realworld8.md
    L1); read as written, the person is named by the whole line. Only a cell that splits into
    exactly the header's cells (trailing empty ones aside) in a table of at least five
    columns, some of whose other rows fill more than the first column, is taken for a line;
    one that splits into more cells is rejected as any row longer than the header is."""
    if len(names) < _UNWRAP_MIN_WIDTH or frame.height == 0:
        return frame
    if any(frame.get_column(c).null_count() == 0 for c in names[1:]):
        return frame  # a column filled on every row: no row has its first cell alone
    rest_empty = pl.all_horizontal(pl.col(c).is_null() for c in names[1:])
    lone = rest_empty & pl.col(names[0]).str.contains(delimiter, literal=True)
    mask = frame.select(lone.fill_null(False)).to_series()
    if not mask.any() or frame.select(rest_empty).to_series().all():
        return frame
    fixed, dropped = [], []
    for row in frame.filter(mask).iter_rows(named=True):
        try:
            cells = next(csv.reader([row[names[0]]], delimiter=delimiter, strict=False), [])
        except csv.Error:  # a bare CR inside the cell: not one line of the file, kept as read
            continue
        while len(cells) > len(names) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(names):
            rejects.add(row["source_row"], f"Row is one quoted cell holding a line of "
                        f"{len(cells)} fields but the header has {len(names)}; its values "
                        "cannot be matched to columns.", row[names[0]])
            dropped.append(row["source_row"])
        elif len(cells) == len(names):
            values = [c.strip() or None for c in cells]
            fixed.append(dict(zip(names, values, strict=True)) | {"source_row": row["source_row"]})
    if not fixed and not dropped:
        return frame
    done = pl.Series([r["source_row"] for r in fixed] + dropped, dtype=pl.Int64)
    repl = finish(pl.DataFrame(fixed, schema=frame.schema), names)
    return pl.concat([frame.filter(~pl.col("source_row").is_in(done.implode())), repl]) \
        .sort("source_row")


# Files this small are checked for rows broken by a line break that was not quoted; a hand-made
# or script-written file is, an exporter's large one is not (and its check would cost).
BROKEN_ROWS_MAX = 5_000


def _joins(a: list[str], b: list[str], width: int) -> bool:
    """Rows `a` and `b` could be one row broken inside a cell by an unquoted line break: both
    short, together one cell more than the header, the break between two filled cells
    (docs/realworld12.md I1: "123 Main St<LF>Apt 9" in a street column). Read apart, the
    second half was a person named by the values of other columns."""
    return (len(a) < width and len(b) < width and len(a) + len(b) - 1 == width
            and bool(a[-1].strip()) and bool(b[0].strip()))


def _broken_pairs(rows: list[list[str]], width: int) -> list[int]:
    """Where broken rows start: only when every short row of the file is half of such a
    pair. A file whose rows leave out their empty trailing cells (hand-made, some scripts)
    has short rows of its own; two of them side by side can add up by chance, and joined they
    would lose a person."""
    short = [i for i, r in enumerate(rows) if len(r) < width]
    if len(short) % 2:
        return []
    starts = short[0::2]
    if any(j != i + 1 or not _joins(rows[i], rows[j], width)
           for i, j in zip(starts, short[1::2], strict=True)):
        return []
    return starts


def has_broken_rows(body: str, delimiter: str, width: int) -> bool:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = [r for r in reader if any(c.strip() for c in r)]
    except csv.Error:
        return False
    return bool(_broken_pairs(rows, width))


def ends_in_open_quote(body: str, last_row) -> bool:
    """The file ends inside a quoted cell: its last row holds a line break and the file an odd
    number of quote characters (a quoted cell has two, a quote inside one is doubled)."""
    return any(isinstance(c, str) and "\n" in c for c in last_row) and body.count('"') % 2 == 1


def stray_quote_rows(read: list[list[str] | str], width: int, delimiter: str
                      ) -> list[list[str] | str]:
    """The rows a stray quote took, given back. A `"` typed at the start of a cell (`"Bob`)
    opens a quoted cell that no quote closes: the CSV parser reads every later line of the
    file into that one cell, and those people were lost without a word. When the file ends
    inside that cell (ends_in_open_quote) and most of the cell's later lines read as rows
    of the header's width (or, on the last row, its one line fills the row's cells), the
    cell's first line is the rest of its row (the quote kept in the value) and each later
    line a row of its own; a note cut off by a truncated file, whose lines are no rows,
    stays one cell."""
    out = list(read)
    while out and isinstance(out[-1], list) and out[-1] and "\n" in out[-1][-1]:
        row = out[-1]
        first, *lines = row[-1].split("\n")
        later = read_rows(csv.reader(io.StringIO("\n".join(lines), newline=""),
                                      delimiter=delimiter, strict=False))
        head = next(csv.reader([first], delimiter=delimiter, strict=False), [""])
        whole = sum(isinstance(r, list) and len(r) == width for r in later)
        # nothing after it (a quote on the last row): its line must fill the row's cells
        if (2 * whole <= len(later)) if later else (len(row) - 1 + len(head) != width):
            break
        out[-1:] = [row[:-1] + ['"' + head[0]] + head[1:], *later]
    return out



def quote_closed_inside_a_cell(body: str, delimiter: str) -> bool:
    """Whether the strict CSV parser finds a quote followed by text (`"Alice` closing a cell
    a stray quote opened): a well-formed file never has one."""
    try:
        for _ in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "expected after" in str(exc)
    return False


def _split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, strict=False), [""])


def _swallowed(cell: str, before: int, after: int, width: int, delimiter: str):
    """(first row's rest, whole rows, last row's start) of a cell two stray quotes made of
    several rows, or None: the cell's first line must fill its row after the `before` cells,
    its last line with the row's `after` cells fill a row, and most lines between (if any)
    are rows of the header's width."""
    first, *inner, last = cell.split("\n")
    head, tail = _split_line(first, delimiter), _split_line(last, delimiter)
    if before + len(head) != width or len(tail) + after != width:
        return None
    rows = read_rows(csv.reader(io.StringIO("\n".join(inner), newline=""),
                                delimiter=delimiter, strict=False))
    if rows and 2 * sum(isinstance(r, list) and len(r) == width for r in rows) <= len(rows):
        return None
    return head, rows, tail


def closed_stray_quote_rows(read: list[list[str] | str], width: int, delimiter: str
                            ) -> list[list[str] | str]:
    """The rows two stray quotes took, given back. `"Bob` typed at the start of a cell opens a
    quoted cell and a second `"Alice` rows later closes it: the parser read Bob's row, the
    rows between and the start of Alice's row as one cell of one row (a made-up person named
    "Bob,Smith,bob@...", the people between lost without a word). Called only when the
    strict parser finds such a quote (quote_closed_inside_a_cell); both quotes are kept in
    the values, as stray_quote_rows keeps the one."""
    out: list[list[str] | str] = []
    todo = list(reversed(read))
    while todo:
        row = todo.pop()
        found = None
        if isinstance(row, list):
            found = next(((i, parts) for i, c in enumerate(row) if "\n" in c
                          and (parts := _swallowed(c, i, len(row) - i - 1, width, delimiter))),
                         None)
        if found is None:
            out.append(row)
            continue
        i, (head, rows, tail) = found
        out += [row[:i] + ['"' + head[0]] + head[1:], *rows]
        todo.append(tail[:-1] + ['"' + tail[-1]] + row[i + 1:])  # it may hold the next pair
    return out


# An address whose domain lost its last dot to a comma ("ann@example,org": docs/realworld18.md
# X5): in a comma file the comma is the delimiter, the row has one cell too many and was
# rejected. The first half is a local part and a domain of labels, the second a top-level
# domain alone: joined by the dot they make a plain address.
_ADDRESS_HEAD = re.compile(r"^[^@\s<>()\[\],;:\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$")
_TOP_LEVEL = re.compile(r"^[A-Za-z]{2,24}$")


def split_address(row: list[str], header: list[str]) -> list[str] | None:
    """The row with the one address its delimiter split rejoined, or None. Only a row one
    cell longer than the header (empty cells past that aside), with exactly one place where an
    e-mail column's cell and the next one read as such an address's two halves: with two
    candidates the cells cannot be told apart, and the row stays a reject."""
    width = len(header)
    cells = list(row)
    while len(cells) > width + 1 and not cells[-1].strip():
        cells.pop()
    if len(cells) != width + 1:
        return None
    keys = frozenset(csvheaders.key(h) for h in header)
    fits = [i for i in range(width)
            if _ADDRESS_HEAD.match(cells[i].strip()) and _TOP_LEVEL.match(cells[i + 1].strip())
            and csvheaders.field_of(header[i], keys) == "emails"]
    if len(fits) != 1:
        return None
    i = fits[0]
    return cells[:i] + [f"{cells[i].strip()}.{cells[i + 1].strip()}"] + cells[i + 2:]


def rejoined_note(rows: int) -> str | None:
    return (f"{rows} row{'s' if rows > 1 else ''} one cell too long because an e-mail "
            "address was written with a comma for its dot (`ann@example,org`) read with the "
            "address rejoined." if rows else None)


def read_rows(reader) -> list[list[str] | str]:
    """The rows with content, in order; a row the CSV parser cannot read is its message."""
    out: list[list[str] | str] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            out.append(f"The CSV parser could not read this row ({exc}).")
            continue
        if row and any(c.strip() for c in row):
            out.append(row)


def join_broken(read: list[list[str] | str], width: int) -> list[list[str] | str]:
    """The rows with each broken pair made one row again (its line break kept in the value).
    An unreadable row counts as a short row no pair holds: then nothing is joined."""
    starts = set(_broken_pairs([r if isinstance(r, list) else [] for r in read], width))
    if not starts:
        return read
    out: list[list[str] | str] = []
    for i, row in enumerate(read):
        if i - 1 in starts:
            continue  # the second half, joined to the first
        if i in starts:
            nxt = read[i + 1]
            row = row[:-1] + [row[-1] + "\n" + nxt[0]] + nxt[1:]
        out.append(row)
    return out
