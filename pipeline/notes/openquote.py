"""A quote typed at the start of a cell of a user's CSV, never closed, takes in the rows below
it as the text of that one cell (RFC 4180: a quoted cell runs to its closing quote).

In notes.csv the people below it read as having no notes ("no notes yet" for a person with a
need and a follow-up), and the next sync added a blank row for each of them, their typed
rows still inside that cell: half the file silently unread (docs/fuzz32.md, G4). The exports'
reader gives such rows back (pipeline.csvrepair); a file the user owns is not guessed at: it
is refused with the line to fix, and kith does not touch it until then.
"""

from __future__ import annotations

import csv
import io
import re

# A row kith reads holds at least this many columns (notes 11, the ledger 5): a line of a
# cell's text split into exactly the header's width of cells, its first cell of the shape of
# the first cell of the row holding it (a person id, a date), is a row taken in, not a note.
MIN_WIDTH = 5


def _shape(cell: str) -> str:
    return re.sub(r"[0-9a-f]", "x", cell.strip().lower())


def swallowed(text: str, header: list[str], rows: list[list[str]], delimiter: str
              ) -> tuple[int, int] | None:
    """(line where the cell opens, a line it took in), 1-based in `text`; None when no cell
    holds a line that reads as a whole row."""
    width = len(header)
    if width < MIN_WIDTH or '"' not in text:
        return None
    if not any("\n" in c for r in rows for c in r):
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        for cell in row:
            if "\n" in cell and (taken := _row_line(cell, width, delimiter,
                                                     _shape(row[0]))) is not None:
                before = cell[: cell.index("\n")]  # the cell's lines before the row taken in
                return start, start + before.count("\n") + taken
        start = reader.line_num + 1
    return None


def _row_line(cell: str, width: int, delimiter: str, key: str) -> int | None:
    """Which line of the cell (1 = its second) reads as a whole row of `width` cells whose
    first cell has the shape `key`."""
    for n, line in enumerate(cell.split("\n")[1:], start=1):
        if line.count(delimiter) < width - 1:
            continue
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) == width and _shape(cells[0]) == key:
            return n
    return None


def message(path, where: tuple[int, int]) -> str:
    opens, taken = where
    return (f"{path}: the cell that starts on line {opens} opens a quote that is never closed "
            f"where it should be (a \" typed at its start?), so the rows below it (line {taken}, "
            "for one) are read as its text and not as rows. Remove that quote, or type it twice "
            "(\"\"), and run again; kith will not touch the file until then.")
