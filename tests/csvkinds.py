"""Read one CSV fixture with a chosen set of reader kinds, by the ingest detection rule."""

from __future__ import annotations

from pathlib import Path

from pipeline.detect import match_csv
from pipeline.formats.base import CsvKind, Parsed
from pipeline.textio import decode, read_table


def detect(text: str, basename: str, kinds: list[CsvKind]):
    """The ingest rule (pipeline.detect.match_csv) over these kinds."""
    m = match_csv(text, basename, kinds)
    return None if m is None else (m.kind, m.header_row, m.delimiter)


def load(path: Path, kinds: list[CsvKind]) -> tuple[str | None, Parsed | None]:
    text, _ = decode(path.read_bytes())
    found = detect(text, path.name, kinds)
    if found is None:
        return None, None
    kind, row, delim = found
    if kind.parse is None:
        return kind.name, None
    return kind.name, kind.parse(read_table(text, row, delim), path.name.lower())
