"""An Arabic-script name meets the Latin spelling of the same name in the book.

Arabic writes no short vowels and marks a doubled letter with a sign, so anyascii keys محمد حسن
as "mhmd hsn", which met neither "Mohammed Hassan" nor "Muhammad Hasan" (docs/script34.md): a
phone book's record and LinkedIn's never became candidates unless they shared an e-mail
address or a number. Both spellings have the same consonants (script_keys.consonant_skeleton).
A record whose display name is in Arabic script takes the given and family keys of the book's
Latin-script record with the same skeletons of both names: then blocking proposes the pair by
name and compare weighs the names as it weighs any two equal names (their frequencies
included). Only Arabic-script records' keys change: Latin-vs-Latin pairs are as before. The
long vowels Arabic does write must be in the Latin spelling (حسين is Hussein, not Hassan:
script_keys.spelling_distance); of several Latin spellings that fit, the closest, then the one
most records carry, then the first in order.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import on_unique
from pipeline.normalize.script_keys import ARABIC, consonant_skeleton, spelling_distance

# A name of fewer consonants than this is too short a skeleton to take a spelling from
# (علي عمر is "l" and "mr": Ali Omar, but Eli Moore too)
MIN_CONSONANTS = 4
_LATIN_ONLY = r"^[\p{Latin}\p{Common}\p{Inherited}]*$"


def _skeleton(col: str) -> pl.Expr:
    # once per distinct key: a book with one Arabic name pays this over all its Latin names
    return on_unique(pl.col(col), lambda d: pl.Series(
        [consonant_skeleton(k) for k in d.to_list()], dtype=pl.String), pl.String)


def with_latin_spellings(f: pl.DataFrame, scope: list[str]) -> pl.DataFrame:
    """`f` (features: display_name, given_key, family_key; `scope` the per-owner columns, if
    any) with Arabic-script records' name keys replaced as above."""
    shown = pl.col("display_name").fill_null("")
    arabic = shown.str.contains(ARABIC)
    if not f.select(arabic.any()).item():
        return f
    named = pl.col("given_key").is_not_null() & pl.col("family_key").is_not_null()
    latin = shown.str.contains(_LATIN_ONLY) & named
    sides = f.with_row_index("_row").filter((arabic | latin) & named).select(
        "_row", *scope, "given_key", "family_key", arabic.alias("_arabic"),
        _skeleton("given_key").alias("_sg"), _skeleton("family_key").alias("_sf"))
    sides = sides.filter((pl.col("_sg") != "") & (pl.col("_sf") != "") & (
        pl.col("_sg").str.len_chars() + pl.col("_sf").str.len_chars() >= MIN_CONSONANTS))
    on = [*scope, "_sg", "_sf"]
    spellings = (sides.filter(~pl.col("_arabic"))
                 .group_by(*on, "given_key", "family_key")
                 .agg(pl.len().alias("_n"), pl.col("_row").min().alias("_first"))
                 .select(*on, "_n", "_first", pl.col("given_key").alias("_g"),
                         pl.col("family_key").alias("_f")))
    found = sides.filter(pl.col("_arabic")).join(spellings, on=on)
    if found.is_empty():
        return f
    distance = [_distance(a, b) for a, b in zip(
        found.select("given_key", "family_key").rows(), found.select("_g", "_f").rows(),
        strict=True)]
    found = (found.with_columns(pl.Series("_d", distance, dtype=pl.Int64)).drop_nulls("_d")
             .sort(["_row", "_d", "_n", "_first"], descending=[False, False, True, False])
             .unique("_row", keep="first", maintain_order=True).select("_row", "_g", "_f"))
    out = f.with_row_index("_row").join(found, on="_row", how="left", maintain_order="left")
    return out.with_columns(pl.coalesce("_g", "given_key").alias("given_key"),
                            pl.coalesce("_f", "family_key").alias("family_key")
                            ).drop("_row", "_g", "_f")


def _distance(arabic: tuple[str, str], latin: tuple[str, str]) -> int | None:
    """spelling_distance of both names (given, family), None unless both fit."""
    given = spelling_distance(arabic[0], latin[0])
    family = spelling_distance(arabic[1], latin[1])
    return None if given is None or family is None else given + family
