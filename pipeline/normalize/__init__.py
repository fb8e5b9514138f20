"""Stage-2 column normalisers: small functions that take and return polars expressions.

One module per kind of value (names, emails, phones, orgs, urls, dates); the stage in
:mod:`pipeline.stages.normalize` wires them to the schema's columns.

This package module holds the two helpers every normaliser shares:

* :func:`on_unique` runs a function only on a column's *distinct* values and maps the result
  back. Contact columns repeat a lot (a million records hold maybe 30k distinct given names, a
  few thousand distinct dates), so even vectorised regex work is cheaper on the distinct values,
  and slow Python libraries (anyascii, phonenumbers, urllib) are only affordable that way.
* :func:`fold_key` is the one ASCII folding used for every match key, so that a name key from a
  Connections row and one from a vCard compare equal.

Nothing here imports the submodules, so they can import these helpers without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from anyascii import anyascii

# Emoji and pictographs, with the pieces that glue them together (skin-tone modifiers,
# variation selectors, keycap, regional-indicator flags, tag sequences). Extended_Pictographic
# rather than Emoji: the Emoji property also covers the digits 0-9, '#' and '*'.
EMOJI = (
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\x{FE0E}\x{FE0F}\x{20E3}"
    r"\x{1F1E6}-\x{1F1FF}\x{E0020}-\x{E007F}]"
)
# Control and format characters (zero-width space and joiner, bidi marks, soft hyphen, BOM).
# ZWNJ (U+200C) is kept: Persian and several Indic scripts need it inside names.
INVISIBLE = r"[\p{Cc}\p{Cf}&&[^\x{200C}]]"


def on_unique(
    expr: pl.Expr, fn: Callable[[pl.Series], pl.Series], dtype: pl.DataType
) -> pl.Expr:
    """`fn` applied to the distinct non-null values of `expr`, mapped back to every row.

    `fn` gets a String Series of distinct values and must return a Series of the same length
    and order with dtype `dtype`. Nulls stay null without reaching `fn`.
    """

    def run(s: pl.Series) -> pl.Series:
        distinct = s.drop_nulls().unique()
        if distinct.len() == 0:
            return pl.Series(s.name, [None] * s.len(), dtype=dtype)
        out = fn(distinct)
        return s.replace_strict(distinct, out, default=None, return_dtype=dtype)

    return expr.map_batches(run, return_dtype=dtype)


def on_unique_expr(
    expr: pl.Expr, expr_fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType
) -> pl.Expr:
    """Like :func:`on_unique` for a vectorised expression function (`expr_fn(pl.col(...))`)."""

    def fn(distinct: pl.Series) -> pl.Series:
        return distinct.to_frame("v").select(expr_fn(pl.col("v")).cast(dtype)).to_series()

    return on_unique(expr, fn, dtype)


def fold_series(values: pl.Series) -> pl.Series:
    """ASCII match keys for a String Series (see :func:`fold_key`); call on distinct values."""
    # Emoji go first: anyascii would spell them out (":smile:"-like words) into the key.
    text = values.str.normalize("NFC").str.replace_all(EMOJI, " ").str.replace_all(INVISIBLE, "")
    # anyascii is pure Python (~1 us a call); ASCII text is its own folding, so only the
    # non-ASCII distinct values pay for it.
    non_ascii = text.filter(text.str.contains(r"[^\x00-\x7F]")).unique()
    if non_ascii.len():
        folded = pl.Series([anyascii(v) for v in non_ascii.to_list()], dtype=pl.String)
        text = text.replace(non_ascii, folded)
    return (
        text.str.to_lowercase()
        # Apostrophes join (O'Brien ~ OBrien); every other non-alphanumeric separates words
        # (Jean-Luc ~ Jean Luc).
        .str.replace_all(r"['`\u2018\u2019\u02bc]", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars(" ")
        .replace("", None)
    )


def fold_key(expr: pl.Expr) -> pl.Expr:
    """ASCII-folded, lower-case key: letters, digits and single spaces only; null when empty.

    `Łukasz` -> `lukasz`, `Straße` -> `strasse`, `Ørsted` -> `orsted`, CJK -> pinyin-like ASCII.
    For keys only: folded text is never shown to anyone.
    """
    return on_unique(expr, fold_series, pl.String)
