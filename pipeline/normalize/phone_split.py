"""Several numbers typed into one phone field, each read as a number of its own.

People type a second number where there is one field: "+44 20 7946 0958; +44 7700 900123",
"415-555-0134 / 415-555-0199", "0412 345 678, 0498 765 432", one number a line, "… or …".
Read whole, such a value is no valid number and both numbers were kept only as invalid text.

A value is split only when every part is a whole number on its own: number characters only
(digits, spaces, `+().-/`, an extension after it) and MIN_DIGITS digits or more. Commas and semicolons are also a
dial string's pauses and an extension's mark ("…0134,,123" gives an empty part, "…;ext=102" a
part with letters, a conference PIN ends in "#"), and a slash also separates an area code
("089/1234567", a short part): such values are left as written for the extension rules of
:func:`pipeline.normalize.phones.prekeys`. A space is no separator (numbers are written with
spaces), except before a "+", which only ever starts a number. LinkedIn's imported address
book (2024) writes every number of a contact in one cell this way (docs/realworld11.md L1).
"""

from __future__ import annotations

import polars as pl

# Digits of the shortest whole national number kith reads (region.MIN_DIGITS votes from 7).
MIN_DIGITS = 7
_SEPARATOR = r"\s*(?:[;,|\n\r/]|\s(?i:or|and|&|oder|ou|o|y|et|und)\s)\s*"
_BEFORE_PLUS = r"\s+\+"  # polars' regex has no look-ahead: the "+" is put back
_MARK = "\x1f"  # not in any phone value: the sanitiser drops control characters
_NUMBER_ONLY = r"^\+?[\d\s().\-/]+$"
_EXTENSION = r"(?i)\s*(?:ext(?:ension)?\.?|x\.?)\s*\d+$"  # "… x12" stays with its number
# A label in brackets after a number ("(南)", "(home)": words, no digit, unlike an area code's
# "(415)") ends it: a Chinese directory writes two mobiles as "137…(南)139…(北)"
# (docs/realworld18.md X5). Between two numbers it separates them; the last one keeps its
# label, which the pre-key drops as it drops any letter.
_LABEL = r"\([^\d()]*\p{L}[^\d()]*\)"
_LABEL_BETWEEN = rf"\s*{_LABEL}\s*([+\d])"


def split_several(rows: pl.Series, values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(row of each value, values) -> the same with every value that holds several whole
    numbers replaced, in place, by those numbers; rows stay ascending, order is kept."""
    # Only a value with a separator can split; counting digits of every value would cost
    # ~0.3 CPU-s at 1.5M values, the separator test a sixth of that.
    maybe = values.str.contains(f"{_SEPARATOR}|{_BEFORE_PLUS}|{_LABEL_BETWEEN}").fill_null(False)
    if not maybe.any():
        return rows, values
    frame = pl.DataFrame({"r": rows, "v": values}).with_row_index("at")
    number = (pl.element().str.strip_chars().str.replace(rf"\s*{_LABEL}$", "")
              .str.replace(_EXTENSION, ""))
    whole = number.str.contains(_NUMBER_ONLY) & (number.str.count_matches(r"\d") >= MIN_DIGITS)
    split = frame.filter(maybe).with_columns(
        parts=pl.col("v").str.replace_all(_LABEL_BETWEEN, _MARK + "${1}")
        .str.replace_all(_SEPARATOR, _MARK)
        .str.replace_all(_BEFORE_PLUS, _MARK + "+").str.split(_MARK)
    ).filter((pl.col("parts").list.len() > 1) & pl.col("parts").list.eval(whole).list.all())
    if split.height == 0:
        return rows, values
    parts = split.select("at", "r", v=pl.col("parts").list.eval(
        pl.element().str.strip_chars())).explode("v")
    kept = frame.filter(~pl.col("at").is_in(split["at"].implode()))
    joined = pl.concat([kept, parts]).sort("at", maintain_order=True)
    return joined["r"], joined["v"]


def split_values(values: pl.Series) -> pl.Series:
    """The values of a String column with every several-number value split (see
    :func:`split_several`); for the region vote, which reads values, not rows."""
    _rows, parts = split_several(pl.Series("r", range(values.len()), dtype=pl.Int64), values)
    return parts.alias(values.name)
