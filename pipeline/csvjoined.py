"""Two exports of different layouts joined in one file: a Google CSV with an Outlook export
pasted or `cat`-ed below it. The second keeps its byte order mark at the start of its header
line, the mark no line of one export starts with. Read under the first header, the second
header became a person ("First Name Last Name E-mail Address") and the second export's rows
were read by the first export's columns: phone numbers and companies lost, names shifted
(docs/adversarial23.md). Each part is read by its own header; the file stays one input, its
rows numbered on across the parts. A second header of the same layout is a repeated header
line, rejected as such (csvrepair.without_header_lines)."""

from __future__ import annotations

import polars as pl

from pipeline import detect
from pipeline.formats.base import Parsed
from pipeline.textio import header_candidates

_MARKED_LINE = "\n\ufeff"


def _first_row(text: str, row: int, delimiter: str) -> frozenset[str]:
    return frozenset(c.lower() for r, d, cells in header_candidates(text, row + 1)
                     if r == row and d == delimiter for c in cells if c)


def second_export(text: str, match: detect.CsvMatch, basename: str) -> int | None:
    """Where a second export of another layout starts in `text` (the offset of its header
    line), or None: a line after the first header that starts with a byte order mark and is,
    on its own, a header kith knows with other column names than the first."""
    at = text.find(_MARKED_LINE)
    if at == -1:
        return None
    first = _first_row(text, match.header_row, match.delimiter)
    while at != -1:
        rest = text[at + 1:at + 65537]  # a header is matched on the file's first rows
        found = detect.match_csv(rest, basename)
        if (found is not None and found.header_row == 0 and found.kind.parse is not None
                and _first_row(rest, 0, found.delimiter) != first):
            return at + 1
        at = text.find(_MARKED_LINE, at + 1)
    return None


def joined(parts: list[Parsed]) -> Parsed:
    """The parts' results as one file's: rows numbered on from part to part."""
    offset, pieces = 0, []
    for parsed in parts:
        shift = pl.col("source_row") + offset
        pieces.append((parsed.contacts.with_columns(shift),
                       parsed.interactions.with_columns(shift),
                       parsed.owner.with_columns(shift), parsed.rejects.with_columns(shift)))
        offset += parsed.rows_total
    notes = [p.note for p in parts if p.note]
    note = (f"{len(parts)} exports joined in this file (a header of another layout inside it, "
            "marked by a byte order mark): each read by its own header.")
    return Parsed(offset, *(pl.concat([p[i] for p in pieces], how="vertical_relaxed")
                            for i in range(4)),
                  encoding=parts[0].encoding, note=" ".join([note, *notes]),
                  unread=tuple(u for p in parts for u in p.unread))
