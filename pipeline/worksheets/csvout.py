"""Worksheet rows as CSV, with spreadsheet formula injection neutralised.

`pipeline.csvsafe.neutralise` is the rule; this is the same rule as a polars expression, because
calling a Python function on every cell of 500,000 rows x 20 columns costs seconds. The tests
check the two agree. (Python's `$` also matches before a final newline, Rust's does not, so a
cell like "-12\\n" gets an apostrophe here and not there: the stricter side is this one.)
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from pipeline import csvsafe

_TRIGGER = r"^[=+\-@\t\r]"
_PLAIN = csvsafe._PLAIN.pattern


def neutralise_expr(col: pl.Expr) -> pl.Expr:
    text = col.cast(pl.String).fill_null("")
    risky = text.str.contains(_TRIGGER) & ~text.str.contains(_PLAIN)
    return pl.when(risky).then(pl.lit("'") + text).otherwise(text)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as neutralised text; lists become "a; b"."""
    exprs = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.List):
            col = col.list.eval(pl.element().cast(pl.String)).list.join("; ")
        elif dtype == pl.Boolean:
            col = pl.when(col).then(pl.lit("yes")).otherwise(pl.lit(""))
        exprs.append(neutralise_expr(col).alias(name))
    return frame.select(exprs)


def write_csv(frame: pl.DataFrame, path: Path, *, neutralised: bool = False) -> None:
    """Write `frame` (as_text() first unless the caller already did)."""
    text = frame if neutralised else as_text(frame)
    # The BOM makes Excel read UTF-8 (names with accents) instead of the local code page.
    text.write_csv(path, include_bom=True)
    os.chmod(path, 0o600)
