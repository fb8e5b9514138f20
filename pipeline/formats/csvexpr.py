"""Polars helpers shared by the header-mapped CSV readers (LinkedIn, Google).

The readers work column-wise on a CsvTable's string frame: a Connections file can hold 500k
rows, so a row is never touched from Python. Rows a reader refuses are split off with a
reason and an excerpt of their cells, so every source_row is accounted for exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from pipeline import schema
from pipeline.formats.base import REDACTED, SECRET
from pipeline.textio import CsvTable

S = pl.String
LS = pl.List(pl.String)
NULL = pl.lit(None, dtype=S)


class Columns:
    """Case-insensitive access to a table's columns by header text.

    Exporters and spreadsheets change case ("Connected on"), so names are matched lower-cased;
    a missing column reads as typed nulls, which keeps one code path for every header era.
    """

    def __init__(self, table: CsvTable):
        self.by_lower: dict[str, str] = {}
        for name in table.header:
            self.by_lower.setdefault(name.strip().lower(), name)

    def name(self, *names: str) -> str | None:
        for n in names:
            found = self.by_lower.get(n.lower())
            if found is not None:
                return found
        return None

    def has(self, *names: str) -> bool:
        return self.name(*names) is not None

    def get(self, *names: str) -> pl.Expr:
        """The first of `names` present, else a typed null."""
        found = self.name(*names)
        return pl.col(found).cast(S) if found is not None else NULL


def split_list(expr: pl.Expr, sep: str) -> pl.Expr:
    """Split a cell into a list of trimmed, non-empty values; null becomes []."""
    return (
        expr.fill_null("")
        .str.split(sep)
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def one_list(expr: pl.Expr) -> pl.Expr:
    """A single optional value as a list of 0 or 1 items (never null)."""
    # NUL never occurs in a decoded text cell, so the whole cell is the one value.
    return split_list(expr, "\x00")


def concat_lists(exprs: Iterable[pl.Expr]) -> pl.Expr:
    exprs = list(exprs)
    if not exprs:
        return pl.lit([], dtype=LS)
    return pl.concat_list(exprs)


def join_name(*parts: pl.Expr) -> pl.Expr:
    """Join name parts with a space, skipping nulls; null when every part is null."""
    joined = pl.concat_str(list(parts), separator=" ", ignore_nulls=True).str.strip_chars()
    return pl.when(joined == "").then(None).otherwise(joined)


def linkedin_url_only(expr: pl.Expr) -> pl.Expr:
    """Keep a value only if it is a LinkedIn web address (scheme optional).

    Invitations carry `urn:li:member:123` in the same columns in some eras: an URN is an
    opaque id that matches nothing else, so it must not be mistaken for a profile URL.
    """
    return pl.when(expr.str.contains(r"(?i)linkedin\.com/")).then(expr).otherwise(None)


_ENTITIES = (
    ("&nbsp;", " "),
    ("&rsquo;", "\u2019"),
    ("&lsquo;", "\u2018"),
    ("&rdquo;", "\u201d"),
    ("&ldquo;", "\u201c"),
    ("&ndash;", "\u2013"),
    ("&mdash;", "\u2014"),
    ("&hellip;", "\u2026"),
    ("&quot;", '"'),
    ("&#39;", "'"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&amp;", "&"),  # last, so "&amp;lt;" stays "&lt;"
)


def plain_text(expr: pl.Expr, limit: int = 200) -> pl.Expr:
    """HTML message bodies as short plain text: tags stripped, common entities decoded."""
    out = expr.str.replace_all(r"<[^>]*>", " ")
    for entity, char in _ENTITIES:
        out = out.str.replace_all(entity, char, literal=True)
    out = out.str.replace_all(r"\s+", " ").str.strip_chars().str.slice(0, limit)
    return pl.when(out == "").then(None).otherwise(out)


def excerpt_expr(table: CsvTable) -> pl.Expr:
    """The row's cells joined by the file's delimiter, bounded like every reject excerpt."""
    cells = [pl.col(c).fill_null("") for c in table.frame.columns if c != "source_row"]
    if not cells:
        return pl.lit("", dtype=S)
    joined = pl.concat_str(cells, separator=table.delimiter)
    return joined.str.replace_all(SECRET, f"${{1}}${{2}}{REDACTED}").str.slice(0, schema.EXCERPT_MAX)


def rejects_for(table: CsvTable, bad: pl.DataFrame) -> pl.DataFrame:
    """The table's own rejects plus `bad` (source_row, reason), with excerpts of the rows."""
    frames = [table.rejects.frame()]
    if bad.height:
        bad = bad.unique("source_row", keep="first", maintain_order=True)
        rows = (
            table.frame.join(bad, on="source_row", how="inner")
            .select("source_row", "reason", excerpt_expr(table).alias("excerpt"))
            .sort("source_row")
        )
        frames.append(schema.conform(rows, schema.REJECTS))
    return pl.concat(frames)


def split_off(frame: pl.DataFrame, reason: pl.Expr) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept rows, refused rows as source_row + reason). `reason` is null for rows to keep."""
    flagged = frame.with_columns(reason.alias("_reason"))
    kept = flagged.filter(pl.col("_reason").is_null()).drop("_reason")
    bad = flagged.filter(pl.col("_reason").is_not_null()).select(
        "source_row", pl.col("_reason").alias("reason")
    )
    return kept, bad


def nothing_to_identify(*names: str) -> pl.Expr:
    """True for a contact row with none of these name/organisation fields, no e-mail and no
    phone: nothing a person could be recognised by."""
    return (pl.all_horizontal([pl.col(n).is_null() for n in names])
            & (pl.col("emails").list.len() == 0) & (pl.col("phones").list.len() == 0))


def reason_when(condition: pl.Expr, reason: str) -> pl.Expr:
    return pl.when(condition).then(pl.lit(reason, dtype=S)).otherwise(NULL)


def cells_of(cells: frozenset[str]) -> frozenset[str]:
    """Header cells without the empty ones (trailing commas from Excel or LinkedIn)."""
    return frozenset(c for c in cells if c)
