"""A row's own country code for its national numbers: a column beside the numbers that says,
row by row, which country they are in.

A member table dumped from a database writes the dialling code in a column of its own
("country_code": 233) beside a national `mobile` (0xx xxx xxxx): the number is the two cells
together (docs/realworld20.md, S5; docs/realworld21.md, leftover (a)). Read apart, the national
numbers fit no region kith may choose and kith asked for `default_region`. The row's code is
the row's own word, not a guess, so its national numbers are written with it ("+233 0xx ..."
is what phonenumbers reads as Ghana's, the trunk 0 dropped) before any region is chosen; their
numbers then vote on nothing, as every number written with a code.

One rule, for every CSV kith reads by its headers: the column's header says it is a code (a
calling, dialling or country code; a plain "Country" is the address's country and is not
read so), and the rows with a number hold codes: calling codes ("233", "+233", "00233") or
ISO 3166 region codes ("GH"), CODE_SHARE of them or more. A row whose cell is no code ("GHANA
( +", empty) keeps its numbers as written; numbers written with `+` or `00` keep theirs.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.normalize import explode_rows, implode_rows

# A header naming a country's dialling code, not its name: "country_code", "Country Code",
# "Phone Country Code", "Calling code", "Dialling code", "dial_code", "ISD code".
_CODE_HEADER = re.compile(
    r"^\s*(?:phone[\s_-]*|mobile[\s_-]*|tel[\s_-]*)?"
    r"(?:country[\s_-]*(?:calling[\s_-]*|dial(?:l?ing)?[\s_-]*)?code|calling[\s_-]*code"
    r"|dial(?:l?ing)?[\s_-]*code|isd[\s_-]*code|country[\s_-]*prefix)\s*$",
    re.IGNORECASE)
CODE_SHARE = 0.9  # of the cells on rows with a number: codes, or the column is not read so
_NATIONAL = r"^\s*[^+\s]"  # a number written without "+"; "00" numbers are caught below


def calling_code(value: str | None) -> str | None:
    """"233", "+233", "00233", "GH" -> "233"; anything else (a country's name, a number that
    is no country's code, an empty cell) -> None."""
    import phonenumbers

    text = (value or "").strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        code = phonenumbers.country_code_for_region(text.upper())
        return str(code) if code else None
    digits = re.fullmatch(r"(?:\+|00)?\s*(\d{1,3})", text)
    if digits is None:
        return None
    regions = phonenumbers.region_codes_for_country_code(int(digits.group(1)))
    return digits.group(1) if regions and regions != ("ZZ",) else None


def code_column(frame: pl.DataFrame, phones: pl.Series) -> str | None:
    """The column of `frame` (the file's cells by header) holding each row's calling code, or
    None. `phones`: the rows' numbers (a list a row), to weigh only the rows with one."""
    has = (phones.list.len() > 0).fill_null(False)
    if not has.any():
        return None
    for column in frame.columns:
        if not _CODE_HEADER.match(column) or frame.schema[column] != pl.String:
            continue
        cells = frame[column].filter(has)
        codes = cells.map_elements(calling_code, return_dtype=pl.String, skip_nulls=False)
        if codes.is_not_null().sum() >= CODE_SHARE * cells.len():
            return column
    return None


def with_row_codes(out: pl.DataFrame, frame: pl.DataFrame) -> tuple[pl.DataFrame, set[str]]:
    """`out` (a `phones` list a row, aligned with `frame`) with each national number written
    after its row's code when `frame` has a code column (:func:`code_column`); and the columns
    so read (none: `out` unchanged)."""
    if "phones" not in out.columns:
        return out, set()
    column = code_column(frame, out["phones"])
    if column is None:
        return out, set()
    code = frame[column].map_elements(calling_code, return_dtype=pl.String, skip_nulls=False)
    rows, values = explode_rows(out["phones"])
    row_code = code.gather(rows)
    joined = (pl.DataFrame({"v": values, "c": row_code}).select(
        pl.when(pl.col("c").is_not_null() & pl.col("v").str.contains(_NATIONAL)
                & ~pl.col("v").str.contains(r"^\s*00"))
        .then(pl.concat_str([pl.lit("+"), pl.col("c"), pl.lit(" "), pl.col("v")]))
        .otherwise(pl.col("v"))).to_series())
    phones = implode_rows(rows, joined, out.height, dedupe=False)
    return out.with_columns(phones.alias("phones")), {column}
