"""One row of a big user file changed in place: the fast path of userfile.update() for `kith
note` and `kith serve`, which change one person's row of a notes file of any size."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Callable
from pathlib import Path

from pipeline.notes.userfile import (
    ATTEMPTS,
    Table,
    UserFileError,
    column_key,
    kith_lock,
    sniff_delimiter,
    spreadsheet_has_open,
    stat_key,
    write_bytes,
)

log = logging.getLogger("kith")

# One row of a big file: the fast path of update() for `kith note` and `kith serve`.
#
# Rewriting a 100,000-row notes file through the csv module takes about a second; changing
# one person's row should not. The rows that hold a key are found by text search and parsed
# alone; a newline is a record boundary exactly when an even number of quote characters
# precedes it (RFC 4180 doubles quotes inside a quoted cell), so the search never mistakes
# a line inside a quoted cell for a row. Anything unusual (not UTF-8, a header line without
# the columns, no row yet, a quoted cell spanning lines around a match) returns None and the
# caller takes the full path. Other rows are left byte for byte as they are.


def _record_span(text: str, pos: int) -> tuple[int, int] | None:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end + 1
    if text.count('"', 0, start) % 2 or text.count('"', start, end) % 2:
        return None
    return start, end


def find_rows(path: Path, default_header: tuple[str, ...], column: str,
              value: str) -> tuple[Table, list[tuple[int, int, list[str]]], str, tuple] | None:
    """(table with the header only, [(start, end, cells)] of the rows whose `column` is
    `value`, the file's text, its stat), or None (see above)."""
    key = stat_key(path)
    if key is None or not value:
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    head_end = text.find("\n") + 1
    if head_end == 0 or text.count('"', 0, head_end) % 2:
        return None
    newline = "\r\n" if text[:head_end].endswith("\r\n") else "\n"
    delimiter = sniff_delimiter(text[:head_end])
    header = next(csv.reader([text[:head_end]], delimiter=delimiter))
    table = Table(header, [], delimiter, data.startswith(codecs.BOM_UTF8), newline)
    if any(column_key(c) not in table.index for c in default_header):
        return None
    found = []
    pos = text.find(value, head_end)
    while pos >= 0:
        span = _record_span(text, pos)
        if span is None:
            return None
        parsed = list(csv.reader(io.StringIO(text[span[0]:span[1]], newline=""),
                                 delimiter=delimiter))
        if len(parsed) != 1:  # a bare CR inside the line: not one record
            return None
        cells = parsed[0]
        if table.get(cells, column).strip() == value:
            found.append((span[0], span[1], cells))
        pos = text.find(value, span[1])
    return table, found, text, key


def update_rows(path: Path, default_header: tuple[str, ...], column: str, value: str,
                edit: Callable[[Table, list[list[str]]], bool]) -> bool | None:
    """Like update(), for the rows whose `column` is `value` only: `edit(table, rows)` changes
    the rows in place (True when it did). None: the fast path does not apply; call update()."""
    with kith_lock(path):
        for _ in range(ATTEMPTS):
            found = find_rows(path, default_header, column, value)
            if found is None or not found[1]:
                return None
            table, spans, text, key = found
            rows = [cells for _, _, cells in spans]
            if not edit(table, rows):
                return False
            width = len(table.header)
            parts, done = [], 0
            for (start, end, _), row in zip(spans, rows, strict=True):
                ending = text[start:end][len(text[start:end].rstrip("\r\n")):]
                buf = io.StringIO()
                csv.writer(buf, delimiter=table.delimiter, lineterminator=ending).writerow(
                    row if len(row) >= width else row + [""] * (width - len(row)))
                parts += [text[done:start], buf.getvalue()]
                done = end
            parts.append(text[done:])
            payload = "".join(parts).encode("utf-8")
            if spreadsheet_has_open(path):
                log.warning("%s is open in a spreadsheet; saving it there will undo "
                            "kith's changes (they are made again on the next run).", path)
            if write_bytes(path, codecs.BOM_UTF8 + payload if table.bom else payload, key):
                return True
        raise UserFileError(f"{path} kept changing while kith was updating it; close the "
                            "spreadsheet and try again.")
