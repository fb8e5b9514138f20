"""Why an address-book CSV's rows were not read as contacts: the reject reasons of
addressbook.py, each said once. A reject names what was missing or what the row was (a mailing
list, a bot, a name the code page lost), never only "bad row"."""

from __future__ import annotations

import polars as pl

from pipeline.formats import csvevents
from pipeline.formats.base import Rejects
from pipeline.formats.csvnames import PLUS_ONE
from pipeline.textio import CsvTable

EMPTY_ROW = "Contact row with no name, organisation, e-mail or phone."
LIST_ROW = "A mailing list's row (its name is a list of e-mail addresses), not a person."
LOST_NAME_ROW = ("Contact row whose name is only '?' marks and with no organisation, e-mail or "
                 "phone: the program that saved the file could not write the name's letters in "
                 "its Windows code page (a Cyrillic, Greek or Chinese name saved as "
                 "Windows-1252 becomes '???').")
# A cell that only says "empty": web-page scrapes and some exports write "-" for no value, and
# spreadsheets "?" or "???" for one nobody knew (a newsletter list's e-mail cell, realworld24 N3:
# read as an address, it made a person named "???").
# Eventbrite writes "Info Requested" in every attendee cell of an order whose organiser did
# not ask for each attendee's details (docs/realworld31.md E1): no name, no address.
PLACEHOLDER_CELL = r"^\s*(?:[-‐–—]+|[?？]+|(?i:info requested))\s*$"
PLACEHOLDER_ROW = ("Contact row whose name is a placeholder ('Former member', 'Guest', '+1', "
                   "'TBD': an account deleted since or an unnamed guest) and with no "
                   "organisation, e-mail or phone: nobody to keep.")
_NAME_FIELDS = ("full_name", "given_name", "middle_name", "family_name", "nickname")


def _name_text(raw: pl.DataFrame, cmap: dict[str, list[str]]) -> pl.Expr | None:
    cols = [c for f in _NAME_FIELDS for c in cmap.get(f, []) if c in raw.columns]
    if not cols:
        return None
    return pl.concat_str([pl.col(c).fill_null("") for c in cols], separator=" ").str.strip_chars()


def _placeholder_rows(raw: pl.DataFrame, cmap: dict[str, list[str]]) -> set[int]:
    """Rows whose name is only a placeholder csvnames.PLUS_ONE takes out of a name: Meetup's
    "Former member", a guest list's "Guest" or "+1" (user36: the reason pointed at the
    attendance columns kith does not read)."""
    name = _name_text(raw, cmap)
    if name is None:
        return set()
    return set(raw.filter(name.str.contains(PLUS_ONE))["source_row"].to_list())


def _lost_name_rows(raw: pl.DataFrame, cmap: dict[str, list[str]]) -> set[int]:
    """Rows whose name cells hold nothing but '?' (docs/gen5.md F3): Outlook writes its CSV
    in the ANSI code page and turns every letter it cannot hold into '?', so a Russian
    contact with no address arrives as "?????". The name was there; the reason says so
    rather than pointing at Outlook's default columns (Gender "Unspecified", "0/0/00")."""
    name = _name_text(raw, cmap)
    if name is None:
        return set()
    lost = raw.filter(name.str.contains(r"\?") & name.str.contains(r"^[\s?]*$"))
    return set(lost["source_row"].to_list())



_SHOWN_COLUMNS = 4


def _empty_row_reason(raw: pl.DataFrame, cmap: dict[str, list[str]]) -> str:
    """Why rows with values were rejected. A row whose only values sit in columns kith does
    not read (a list of election candidates with the names under "CANDIDATO") has a name, just
    not one kith can tell is a name: saying "no name" would be false, so the reason names
    those columns (the row itself is kept in the reject's excerpt)."""
    read = {c for cols in cmap.values() for c in cols}
    filled = {c: int(raw.get_column(c).drop_nulls().str.strip_chars().str.len_chars().gt(0).sum())
              for c in raw.columns if c != "source_row" and c not in read}
    # The column most of these rows fill first (the one a user would look at), then header order.
    unread = sorted((c for c, n in filled.items() if n), key=lambda c: -filled[c])
    if not unread:
        return EMPTY_ROW
    shown = ", ".join(unread[:_SHOWN_COLUMNS]) + (", ..." if len(unread) > _SHOWN_COLUMNS else "")
    return ("Contact row with no name, organisation, e-mail or phone in the columns kith "
            f"reads; its values are in columns kith does not read as contact fields ({shown}).")



def row_rejects(table: CsvTable, out: pl.DataFrame, kept: pl.Series, listed: pl.Series,
                 cmap: dict, bots: set) -> Rejects:
    """The rows not `kept`, each with its reason: a mailing list's row (`listed`), a bot's
    (`bots`, their source rows), a row with cells but nothing that names or reaches a person,
    or an empty row."""
    rejects = Rejects()
    bad = out.filter(~kept)
    if not bad.height:
        return rejects
    raw = table.frame.join(bad.select("source_row"), on="source_row", how="semi")
    lost, placeholders = _lost_name_rows(raw, cmap), _placeholder_rows(raw, cmap)
    named = lost | placeholders  # rows whose reason says what their name was
    # a placeholder cell ("-", "???") is read as empty: no value to name a column by
    blank = raw.with_columns(
        pl.when(pl.col(c).str.contains(PLACEHOLDER_CELL)).then(None).otherwise(pl.col(c))
        .alias(c) for c, dtype in raw.schema.items() if dtype == pl.String)
    reason = _empty_row_reason(blank.filter(~pl.col("source_row").is_in(list(named))), cmap)
    lists = set(out.filter(listed)["source_row"].to_list())
    for row, cells in zip(raw.iter_rows(), blank.iter_rows(), strict=True):
        filled = any(v and v.strip() for v in cells[:-1])
        why = (LIST_ROW if row[-1] in lists else csvevents.BOT_ROW if row[-1] in bots
               else LOST_NAME_ROW if row[-1] in lost
               else PLACEHOLDER_ROW if row[-1] in placeholders else reason if filled else EMPTY_ROW)
        rejects.add(row[-1], why, table.delimiter.join(v or "" for v in row[:-1]))
    return rejects
