"""What people type into the cells of a CSV they edit in a spreadsheet, read as kith means it.

Spreadsheets rewrite dates in the locale's format when they save a CSV, so a follow-up date
typed as 2025-03-01 may come back as 3/1/2025 (US Excel) or 01.03.2025 (German Excel).
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from pipeline.csvsafe import neutralise

_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",  # European Excel
    "%d.%m.%y",
    "%m/%d/%Y",  # US Excel (a first number above 12 means day first, see below)
    "%m/%d/%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# Dutch and Indian Excel save 2 November 2026 as 02-11-2026; a two-digit year is left out
# (26-11-02 could as well be year first).
_DASHED = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# A date column a spreadsheet re-saved as numbers: days since 1899-12-30 (Excel's day 0, which
# absorbs its 1900 leap-year bug), a fraction being the time of day. Only 2000-01-01 (36526)
# to 2099-12-31 (73050) is read as a date: a ledger or a follow-up of another century is none.
_SERIAL = re.compile(r"^(\d{5})(\.\d+)?$")
_SERIALS = range(36526, 73051)
_EXCEL_DAY_0 = dt.date(1899, 12, 30)
# LibreOffice saves a date cell formatted as date-time as "2025-03-01 00:00:00".
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?$")


def slash_order(values) -> bool | None:
    """Whether a column's dd/dd/yyyy dates are day first (True) or month first (False), from
    the ones only one order can read (25/12/2025, 12/25/2025); None when none of them tells or
    they disagree. A UK or European spreadsheet saves 10 June as 10/06/2026: read on its own
    that is October (US Excel's order), a follow-up four months late; 13/06/2026 in the same
    column says which order the file is in."""
    day = month = False
    for value in values:
        s = _TIME_TAIL.sub("", (value or "").strip())
        m = _DAY_FIRST.match(s) or _DASHED.match(s)
        if m:
            day |= int(m.group(1)) > 12
            month |= int(m.group(2)) > 12
    return None if day == month else day


def parse_cell_date(text: str | None, day_first: bool | None = None) -> dt.date | None:
    """A typed date, or None when the cell is empty or not a date we can read. `day_first`:
    the column's order (slash_order); without it an ambiguous 10/06/2026 is month first (US
    Excel's), and an ambiguous 02-11-2026 is not read: no Excel writes dashes month first,
    yet a US user may type them so."""
    s = _TIME_TAIL.sub("", (text or "").strip())
    if not s:
        return None
    serial = _SERIAL.match(s)
    if serial:
        days = int(serial.group(1))
        return _EXCEL_DAY_0 + dt.timedelta(days=days) if days in _SERIALS else None
    dashed = _DASHED.match(s)
    if dashed and day_first is None and max(map(int, dashed.groups()[:2])) <= 12:
        return None  # 02-11-2026 alone: 2 November or February 11
    m = _DAY_FIRST.match(s) or dashed
    if m and (int(m.group(1)) > 12 or (day_first and int(m.group(2)) <= 12)):
        # 25/12/2025 can only be day first; 10/06/2026 is, in a day-first column
        s = f"{m.group(2)}/{m.group(1)}/{m.group(3)}"
    elif dashed:
        s = s.replace("-", "/")  # month first: 11-25-2026, or a month-first column
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


# A person, record or introduction id as kith writes it: p_, r_ or i_ and 16 lower-case hex
# digits.
KITH_ID = r"[pri]_[0-9a-f]{16}"
_TYPED_ID = re.compile(KITH_ID, re.IGNORECASE)


def typed_id(text: str | None) -> str:
    """An id the user typed (a notes or ledger cell, a decision, the command line, a URL) as
    kith reads it: with spaces around it or in capitals ("  P_7130ADCA9D1AFC44 ", what a
    spreadsheet's upper-case column or a paste leaves) it is still the id kith wrote. Only
    that exact shape is folded: any other text is only trimmed, and matches nothing kith wrote."""
    s = (text or "").strip()
    return s.lower() if _TYPED_ID.fullmatch(s) else s


def typed_id_expr(col: str) -> pl.Expr:
    """typed_id() on a whole column (notes.csv can have 500,000 rows)."""
    s = pl.col(col).str.strip_chars()
    return (pl.when(s.str.contains(f"(?i)^{KITH_ID}$")).then(s.str.to_lowercase())
            .otherwise(s).alias(col))


NO_WORDS = frozenset({"", "no", "n", "false", "0", "-", "ok", "nein", "non"})


def parse_flag(text: str | None) -> bool:
    """Do-not-contact: anything typed that is not a clear "no" counts as yes, because wrongly
    contacting someone who asked not to be is worse than skipping someone."""
    return (text or "").strip().lower() not in NO_WORDS


REFERRAL_STAGES = ("asked", "agreed", "submitted", "outcome")


def referral_stage(text: str | None) -> str | None:
    """The stage word a referral cell starts with ("outcome: offer" -> outcome), if any."""
    word = re.split(r"[\s:;,.\-]+", (text or "").strip().lower(), maxsplit=1)[0]
    return word if word in REFERRAL_STAGES else None


def for_cell(value: str) -> str:
    """A value kith writes into the user's CSV: a spreadsheet must show it, not run it."""
    return neutralise(value)


def from_cell(value: str | None) -> str:
    """The text as the user meant it: the apostrophe kith (or the user) put in front of a
    formula-like value to keep a spreadsheet from running it is not part of the text."""
    v = (value or "").strip()
    if len(v) > 1 and v[0] == "'" and v[1] in "=+-@\t\r":
        return v[1:]
    return v
