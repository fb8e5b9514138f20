"""Numbers kith could not read, as dedupe evidence: their digits as written.

A number written without a country code that no region the book names reads alone is kept as
written (`phones_invalid`): a UK mobile `07400 123456` in a book naming GB and IN is also an
Indian mobile, and reading it as either would invent a number (docs/phone35.md). But two cards
holding the same national digits hold the same number, whichever country it is: the same
dial string in one person's book. Before phone35 the invented reading was at least the same
wrong number on every card of a person, and linked them (gen5's dedupe recall fell 0.007 when
those numbers were left unread). So dedupe compares the unread numbers by their digits, as it
compares the read ones by E.164: a separate key ("#" and the digits) that never equals an
E.164 number, only numbers of 7 digits or more, and no placeholder (`22222222`, `12345678`:
phone_parse.plausible_national), so a filler several cards share is no shared number.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import distinct_apply, explode_rows, implode_rows
from pipeline.normalize.phone_parse import plausible_national
from pipeline.normalize.phones import prekeys

PREFIX = "#"


def _keys(raw: pl.Series) -> pl.Series:
    """Each distinct raw value's key: "#" and its digits, or null (under 7 digits, a
    placeholder, or no digits at all)."""
    digits = prekeys(raw)["key"].fill_null("").str.strip_chars_start("+").to_list()
    return pl.Series([PREFIX + d if plausible_national(d) else None for d in digits],
                     dtype=pl.String)


def with_unread(records: pl.DataFrame) -> pl.Expr:
    """phones_e164 with each record's unread numbers' keys after its read ones."""
    if "phones_invalid" not in records.columns:
        return pl.col("phones_e164")
    rows, values = explode_rows(records["phones_invalid"])
    if values.len() == 0:
        return pl.col("phones_e164")
    keys = distinct_apply(values, _keys)
    unread = implode_rows(rows, keys, records.height)
    return pl.concat_list(pl.col("phones_e164"), pl.lit(unread)).alias("phones_e164")
