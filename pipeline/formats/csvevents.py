"""Tables of events that name an e-mail address on some rows: not contacts.

A web analytics export lists page views with a "Captured Email" column, filled on the views of
the sign-up page alone (docs/realworld24.md N2: 8 of 26 rows). Its header names an e-mail column
and those cells hold addresses, which is what a generic contact CSV shows; read so, each sign-up
became a person and every other row a reject. An address book or a mailing list writes an address
on nearly every row, or names the people it lists; a table that does neither lists something
else, and kith reads none of it (a file becomes contacts only on positive evidence).
"""

from __future__ import annotations

import polars as pl

from pipeline.formats.base import NotContacts

# Fields that name or reach a person other than an e-mail address: a table with any of them
# is judged by them (contact_evidence), however few rows hold an address.
PERSON_FIELDS = ("full_name", "given_name", "family_name", "nickname", "organization", "title",
                 "phones")
# Rows that must hold an address for a table of nothing else to be a list of people.
MIN_SHARE = 0.5


def refuse_events(frame: pl.DataFrame, cmap: dict[str, list[str]]) -> None:
    """Raise NotContacts when the e-mail columns are the table's only person field and fewer
    than MIN_SHARE of its rows (rows with no value at all are not counted: they are dropped on
    reading) hold an address. The reject quotes the header, never a row."""
    if frame.height == 0 or any(f in cmap for f in PERSON_FIELDS):
        return
    held = int(frame.select(pl.any_horizontal(
        pl.col(c).str.contains("[@＠]").fill_null(False) for c in cmap["emails"])).to_series().sum())
    if held >= MIN_SHARE * frame.height:
        return
    raise NotContacts(
        f"A log or table of events, not contacts: only {held} of its {frame.height} rows hold "
        "an e-mail address and no column names a person, so its rows are not people.",
        shown=",".join(c for c in frame.columns if c != "source_row"))
