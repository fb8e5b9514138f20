"""Tables that are not contacts though their headers name people's fields: logins, events.

A password manager's or browser's login export (Chrome, Proton Pass, 1Password, Bitwarden,
Safari) names sites and e-mail logins beside a password column: accounts, not people, and a
file of secrets kith copies nothing of (docs/realworld6.md).

A web analytics export lists page views with a "Captured Email" column, filled on the views of
the sign-up page alone (docs/realworld24.md N2: 8 of 26 rows). Its header names an e-mail column
and those cells hold addresses, which is what a generic contact CSV shows; read so, each sign-up
became a person and every other row a reject. An address book or a mailing list writes an address
on nearly every row, or names the people it lists; a table that does neither lists something
else, and kith reads none of it (a file becomes contacts only on positive evidence).
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.formats import csvheaders
from pipeline.formats.base import NotContacts

# A column of secrets: password managers' and browsers' login exports (Chrome, Proton Pass,
# 1Password, Bitwarden, Safari) name the rows' sites and e-mail logins next to it.
_CREDENTIAL = re.compile(r"password|passwort|passwd|motdepasse|contrasena|senha|wachtwoord"
                         r"|^totp$|^otpauth$")
# What a password column holds when it holds no password: a mask, or a yes/no flag.
_MASK = r"^\s*[*•●]+\s*$"
_NO_SECRET = r"(?i)^\s*(?:[*•●]+|true|false)\s*$"

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


def refuse_logins(frame: pl.DataFrame) -> None:
    """Raise NotContacts for a table with a password column, unless its writer masked it."""
    secrets = [c for c in frame.columns if _CREDENTIAL.search(csvheaders.key(c))]
    if secrets and not _masked_passwords(frame, secrets):
        raise NotContacts("A password or login export (it has a password column): its rows "
                          "are accounts for web sites, not people.",
                          shown=",".join(c for c in frame.columns if c != "source_row"))


def _masked_passwords(frame: pl.DataFrame, columns: list[str]) -> bool:
    """Password columns whose writer masked them: every value a mask or a yes/no flag, and a
    mask among them. Google Workspace's user list writes "Password [Required]" as `****` on
    every row, leaves "Password Hash Function" empty and "Change Password at Next Sign-In"
    True/False (docs/realworld29.md W4): a directory of people with no secret in it. Any other
    password column is a login export's, refused, even when empty."""
    values = pl.concat([frame.get_column(c).cast(pl.String) for c in columns]).drop_nulls()
    values = values.filter(values.str.strip_chars() != "")
    return (values.len() > 0 and bool(values.str.contains(_NO_SECRET).all())
            and bool(values.str.contains(_MASK).any()))
