"""A plus-one's own row named "Guest +1" beside the guest's own row ("Hayley +1" after
"Hayley" in a wedding planner's guest table, docs/realworld22.md W3; docs/adversarial29.md).

A "+N" after a name is the party size of the guest's own row ("Thomas +2", realworld17), so
"Hayley +1" alone is Hayley. But when the same file also has a row named exactly "Hayley", the
"+1" row is the companion she brings: it names nobody. It is shown as written ("Hayley +1")
with no given name, family name or keys, as "Bendik +1 Fostervoll" is (names.PLUS_ONE_OF), so
it is never compared with its guest by name. Only "+1", only the full-name column, and only
beside a row of exactly the guest's name (any case, any spacing) in the same file.
"""

from __future__ import annotations

import polars as pl

_TAIL = r"\s*\+\s*1$"
_CLEARED = ("given", "middle", "family", "given_key", "family_key")


def guests_plus_ones(frame: pl.DataFrame) -> pl.Series:
    """Per row: its full name is "X +1" and another row of its file is named X."""
    none = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    if "full_name" not in frame.columns or \
            not frame["full_name"].str.contains(_TAIL).fill_null(False).any():
        return none
    key = pl.col("full_name").str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    files = (pl.col("source_file") if "source_file" in frame.columns else pl.lit("")).fill_null("")
    rows = frame.select(files.alias("_f"), key.alias("_name"),
                        key.str.contains(_TAIL).fill_null(False).alias("_plus"),
                        key.str.replace(_TAIL, "").str.strip_chars().alias("_stem"))
    guests = rows.filter(~pl.col("_plus")).select("_f", pl.col("_name").alias("_stem")).unique()
    return rows.join(guests.with_columns(pl.lit(True).alias("_guest")), on=["_f", "_stem"],
                     how="left", maintain_order="left").select(
        pl.col("_plus") & pl.col("_guest").fill_null(False)).to_series()


def named_by_guest(frame: pl.DataFrame, parsed: pl.Series) -> pl.Series:
    """`parsed` (names.PARTS structs of the frame's full names) with each guest's plus-one
    row (guests_plus_ones) shown as written and naming nobody."""
    plus = guests_plus_ones(frame)
    if not plus.any():
        return parsed
    parts = parsed.struct.unnest().with_columns(
        [pl.when(plus).then(None).otherwise(pl.col(c)).alias(c) for c in _CLEARED],
        clean=pl.when(plus).then(frame["full_name"].str.strip_chars())
        .otherwise(pl.col("clean")))
    return parts.select(pl.struct(parsed.struct.fields).alias(parsed.name)).to_series()
