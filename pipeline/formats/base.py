"""What every format reader returns, and the small helpers they share."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

import polars as pl

from pipeline import schema
from pipeline.startup import pyarrow

if TYPE_CHECKING:
    from pipeline.textio import CsvTable


# "password: …" in a cell: Google Contacts keeps web logins imported from Android as the notes
# of name-less contacts (docs/realworld10.md, C1). Such rows are rejects, and an excerpt is a
# copy kith writes out: the secret stays in the source file only.
SECRET = r"(?i)(password|passwort|passwd|pwd|contrase[nñ]a|mot de passe|senha|wachtwoord)(\s*[:=]\s*)\S+"
_SECRET = re.compile(SECRET)
REDACTED = "[not copied]"


def excerpt(text: str | bytes | None) -> str:
    """At most EXCERPT_MAX characters of raw input, safe to store (never logged); a
    password written after "password:" is left out."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text[: schema.EXCERPT_MAX * 4].decode("utf-8", errors="replace")
    return _SECRET.sub(rf"\1\2{REDACTED}", text)[: schema.EXCERPT_MAX]


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
    message is a sentence for the user and the whole file is rejected with it. `shown` is
    what the reject may quote of the file instead of its first bytes (a password export's
    header, never its rows)."""

    def __init__(self, message: str, shown: str | None = None):
        super().__init__(message)
        self.reason = message if shown is None else Withheld(message, shown)


class Withheld(str):
    """A reject reason whose file must not be quoted beyond `shown`."""

    shown: str

    def __new__(cls, text: str, shown: str) -> Withheld:
        obj = super().__new__(cls, text)
        obj.shown = shown
        return obj


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
    # vCard: (cards read by the vectorised reader, by the Python one); for the run log only
    vcard_cards: tuple[int, int] | None = None
    note: str | None = None  # something the user should know of a file read (files.parquet)
    # CSV: (column, rows of the contacts with a value) of the columns no field reads; the run
    # log names them (formats/csvnames.py)
    unread: tuple[tuple[str, int], ...] = ()

    # Ingest's worker processes hand their results back pickled. polars pickles a frame by its
    # own serialisation: 1.3 CPU-s for 500k contact rows here, in the worker, and 0.6 s to load
    # in the main process. As Arrow IPC bytes the same frame costs ~0.25 s each way.
    def __getstate__(self) -> dict:
        return {name: _IpcFrame.of(value) if isinstance(value, pl.DataFrame) else value
                for name, value in self.__dict__.items()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({name: value.frame() if isinstance(value, _IpcFrame) else value
                              for name, value in state.items()})


@dataclass(frozen=True)
class _IpcFrame:
    """A frame as uncompressed Arrow IPC bytes (see Parsed.__getstate__)."""

    data: bytes

    @classmethod
    def of(cls, frame: pl.DataFrame) -> _IpcFrame:
        buf = io.BytesIO()
        frame.write_ipc(buf, compression="uncompressed")
        return cls(buf.getvalue())

    def frame(self) -> pl.DataFrame:
        return pl.read_ipc(io.BytesIO(self.data))


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


class ArrowRows(schema.RowBuilder):
    """RowBuilder that flushes rows into Arrow batches as it goes: polars' constructor from
    Python lists is slow for list[str] columns (2.4 s vs pyarrow's 0.08 s for 300k rows), and a
    Python row costs about 1 KB. frame() conforms to the schema as RowBuilder.frame() does."""

    BATCH = 20_000

    def __init__(self, schema_: dict[str, pl.DataType]) -> None:
        super().__init__(schema_)
        self.pa = pa = pyarrow()  # without pandas
        types = {schema.LS: pa.list_(pa.string()), pl.Int64: pa.int64()}
        self.arrow_schema = pa.schema([(k, types.get(t, pa.string())) for k, t in schema_.items()])
        self.rows: list[tuple] = []
        self.batches: list[pa.RecordBatch] = []
        self._blank = dict.fromkeys(schema_)
        self._pick = itemgetter(*schema_)

    def add(self, **values) -> None:
        unknown = values.keys() - self.schema.keys()
        if unknown:
            raise KeyError(f"not in schema: {sorted(unknown)}")
        self.append_row({**self._blank, **values})

    def append_row(self, row: dict) -> None:
        """`row` must hold every schema column."""
        self.rows.append(self._pick(row))
        self.n += 1
        if len(self.rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            columns = zip(*self.rows, strict=True)
            arrays = [self.pa.array(c, f.type)
                      for c, f in zip(columns, self.arrow_schema, strict=True)]
            self.batches.append(self.pa.RecordBatch.from_arrays(arrays, schema=self.arrow_schema))
            self.rows = []

    def frame(self) -> pl.DataFrame:
        self._flush()
        table = self.pa.Table.from_batches(self.batches, schema=self.arrow_schema)
        return schema.conform(pl.from_arrow(table), self.schema)
