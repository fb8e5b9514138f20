"""What every format reader returns, and the small helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from pipeline import schema

if TYPE_CHECKING:
    from pipeline.textio import CsvTable


def excerpt(text: str | bytes | None) -> str:
    """At most EXCERPT_MAX characters of raw input, safe to store (never logged)."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text[: schema.EXCERPT_MAX * 4].decode("utf-8", errors="replace")
    return text[: schema.EXCERPT_MAX]


class Rejects:
    """Row-level rejects of one file: (source_row, reason, excerpt)."""

    def __init__(self) -> None:
        self.rows: list[int | None] = []
        self.reasons: list[str] = []
        self.excerpts: list[str] = []

    def add(self, row: int | None, reason: str, raw: str | bytes | None = None) -> None:
        self.rows.append(row)
        self.reasons.append(reason)
        self.excerpts.append(excerpt(raw))

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pl.DataFrame:
        return schema.from_columns(
            {"source_row": self.rows, "reason": self.reasons, "excerpt": self.excerpts},
            schema.REJECTS,
        )


class NotContacts(Exception):  # noqa: N818 - a verdict, not a failure
    """Raised by a reader whose file matched by header but whose rows are not people; the
    message is a sentence for the user and the whole file is rejected with it."""


@dataclass
class Parsed:
    """A reader's result for one file. `source_file` is filled in by the ingest stage.

    rows_total counts the file's data rows (CSV) or cards (vCard); every one of them must
    appear, by source_row, in exactly one of contacts, interactions, owner or rejects.
    """

    rows_total: int = 0
    contacts: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.CONTACTS_RAW))
    interactions: pl.DataFrame = field(
        default_factory=lambda: schema.empty(schema.INTERACTIONS_RAW)
    )
    owner: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.OWNER_RAW))
    rejects: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.REJECTS))
    encoding: str | None = None  # how the file's bytes were decoded (files.parquet)


@dataclass(frozen=True)
class CsvKind:
    """A CSV export kind kith recognises from its header row.

    `matches(cells, basename)` gets the header cells lower-cased and trimmed (as a set) and the
    file's lower-cased base name, which may confirm but must never be required: a renamed
    export is still recognised. `parse` is None for known files that hold no contacts (they
    are recorded as skipped, with `name` as their kind).
    """

    name: str
    source: str | None
    matches: Callable[[frozenset[str], str], bool]
    parse: Callable[[CsvTable, str], Parsed] | None
    priority: int = 0


def has_all(*names: str) -> Callable[[frozenset[str], str], bool]:
    wanted = frozenset(n.lower() for n in names)
    return lambda cells, _base: wanted <= cells
