"""Generational suffixes (Jr., Sr., III) of a record's name: read from the suffix field or a
name's last word, and shown after the display name. A father and his son share a name, a
home and its landline; the suffix is what tells them apart (dedupe/households.py)."""

from __future__ import annotations

import polars as pl

from pipeline.normalize.name_patterns import (
    GENERATION_FIRST,
    GENERATION_HYPHENED,
    GENERATION_LAST,
    GENERATIONS,
)


def generation_word(suffix: pl.Expr, *names: pl.Expr) -> pl.Expr:
    """The generational suffix (GENERATIONS' key, lower case) a record's name
    carries: the suffix field's first word, else the last word of one of `names` (after a
    space or comma, or an abbreviation after a hyphen: "BUKUROH-JNR"); else null."""
    found = [suffix.str.extract(GENERATION_FIRST, 1),
             *(n.str.extract(GENERATION_LAST, 1) for n in names),
             *(n.str.extract(GENERATION_HYPHENED, 1) for n in names)]
    return pl.coalesce(found).str.to_lowercase()


GENERATION_FIELDS = ("name_suffix", "full_name", "family_name")


def generation_of(columns: list[str]) -> pl.Expr:
    """generation_word of a contacts or records frame with these `columns` (the suffix field,
    the full name, the family name; a field the frame lacks counts as empty)."""
    return generation_word(*(pl.col(c) if c in columns else pl.lit(None, pl.String)
                             for c in GENERATION_FIELDS))


def with_generation(joined: pl.Expr, word: pl.Expr) -> pl.Expr:
    """`joined` (a display name) with its generational suffix ("Tom Baker Jr."), unless it
    already ends in one (a name parsed as "Tom Baker Junior")."""
    shown = word.replace_strict({k: v[0] for k, v in GENERATIONS.items()}, default=None,
                                return_dtype=pl.String)
    return pl.when(shown.is_not_null() & ~joined.str.contains(GENERATION_LAST)) \
        .then(pl.concat_str([joined, shown], separator=" ")).otherwise(joined)
