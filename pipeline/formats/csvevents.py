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


# A workspace's member list (Slack's "Download member list": `status` Bot for Slackbot and
# every integration, docs/realworld31.md S1) lists its bots and apps beside its people; read,
# "Slackbot" and "Standup Bot" were people with a name and nothing else. Only a status or
# account-type column saying so, in so many words, marks one.
BOT_ROW = "A bot or app account of a workspace's member list (its status says so), not a person."
_ACCOUNT_KIND = frozenset({"status", "usertype", "accounttype", "membertype"})
_BOT = r"(?i)^\s*(?:bot|bot user|app|app user|integration)\s*$"


def bot_rows(frame: pl.DataFrame) -> pl.Series:
    """Rows whose status or account-type column names a bot or an app."""
    cols = [c for c in frame.columns if csvheaders.key(c) in _ACCOUNT_KIND
            and frame.schema[c] == pl.String]
    if not cols:
        return pl.Series("bot", [False] * frame.height, dtype=pl.Boolean)
    return frame.select(pl.any_horizontal(
        [pl.col(c).str.contains(_BOT).fill_null(False) for c in cols]).alias("bot")).to_series()


# An event or form tool's export (Luma's guest CSV, docs/realworld31.md L1) adds each
# registration question as a column headed by the question: "What company do you work for?",
# "Join our newsletter for updates on future events." Such a header is no column name, and the
# whole file was refused as "no header row kith knows". It is a header still when its other
# cells are column names, at least four and half of them, among them a name and an e-mail
# column, and the questions are plain text (no address, link or markup); they stay unread.
_QUESTION_MAX = 200


def form_questions(cells: frozenset[str], cmap: dict[str, list[str]]) -> bool:
    """Whether a header's cells that are no column names are a form's questions."""
    filled = [c for c in cells if c]
    named = [c for c in filled if csvheaders.is_header_like(c)]
    questions = [c for c in filled if c not in named]
    return (len(named) >= 4 and 2 * len(named) >= len(filled) and "emails" in cmap
            and any(f in cmap for f in ("full_name", "given_name", "family_name"))
            and all(len(q) <= _QUESTION_MAX and "://" not in q
                    and not any(ch in q for ch in "@|<>{}=") for q in questions))
