"""CSV cells that a spreadsheet will not execute.

A cell starting with =, +, -, @, tab or carriage return is a formula to Excel, LibreOffice and
Google Sheets (CSV injection). Such cells get a leading apostrophe, unless the cell is a plain
number or a phone number ("+1 415 555 0134", "-12.5"), which spreadsheets only display.
"""

from __future__ import annotations

import re

import polars as pl

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d+)?|[\d ()./-]{4,}\d)$")


def neutralise(cell: str | None) -> str:
    if cell is None:
        return ""
    if cell.startswith(_TRIGGERS) and not _PLAIN.match(cell):
        return "'" + cell
    return cell


_TRIGGER = r"^[=+\-@\t\r]"


def neutralise_expr(col: pl.Expr) -> pl.Expr:
    """neutralise() as a polars expression, for whole columns (calling a Python function on
    every cell of 500,000 rows costs seconds). One difference, on the safe side: Python's `$`
    also matches before a final newline and Rust's does not, so "-12\\n" gets an apostrophe
    here and not there. The tests check the two agree otherwise."""
    text = col.cast(pl.String).fill_null("")
    risky = text.str.contains(_TRIGGER) & ~text.str.contains(_PLAIN.pattern)
    return pl.when(risky).then(pl.lit("'") + text).otherwise(text)
