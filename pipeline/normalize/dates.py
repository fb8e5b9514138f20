"""Dates: every LinkedIn timestamp shape, and birthdays with or without a year.

Parsing is a coalesce over `str.strptime(..., strict=False)` attempts (chrono accepts
unpadded `1/8/18`), run on distinct values: a million connections share a few thousand dates.
Month names are English in every LinkedIn export, whatever the member's UI language.
Two-digit years follow chrono's rule: 69-99 -> 19xx, 00-68 -> 20xx.
LinkedIn writes `1/8/18, 6:14 PM` without a zone; it is taken as UTC like the rest.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import on_unique

_DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S UTC",  # messages DATE (2021+)
    "%Y/%m/%d %H:%M:%S UTC",  # Endorsement_*, 2018 UTF-16 files
    "%Y-%m-%d %H:%M:%S",  # Reactions, Shares (2024)
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%y, %I:%M %p",  # Connections 2018, Messages 2018, Invitations, Recommendations
    "%m/%d/%y %I:%M %p UTC",  # Receipts_v2
    "%m/%d/%y %I:%M %p",
    "%a %b %d %H:%M:%S UTC %Y",  # Company Follows (Java Date.toString)
]
_DATE_FORMATS = [
    "%d %b %Y",  # Connected On (2021+)
    "%Y-%m-%d",  # ISO
    "%b %d, %Y",  # Profile Birth Date, Publications
    "%B %d, %Y",
    "%d %B %Y",
    "%d-%b-%y",  # Excel re-save: 23-Nov-21, 5-Jan-26
    "%d-%b-%Y",
    "%d.%m.%Y",  # Excel re-save, European locale: 16.09.2021
    "%m/%d/%Y",  # Excel re-save, US locale
    "%Y/%m/%d",
]


def _tidy(e: pl.Expr) -> pl.Expr:
    return e.str.replace_all(r"\s+", " ").str.strip_chars()


_V = pl.col("v")

# Up to this many distinct values, every try runs on every value in one query: ~20 strptime
# passes over 30 values cost ~0.6 CPU-ms where the try-by-try path cost ~4-7 (three eager
# queries a try; ~190 queries in data/sample's run). In-memory engine: polars 2.1's default
# ("auto", the streaming engine) costs ~0.2 ms a collect, the in-memory one ~0.02.
ONE_QUERY_MAX = 512


def _first_parse(values: pl.Series, tries: list[pl.Expr]) -> pl.Series:
    """pl.coalesce(tries) over `values` (as column v), each try run only on the values every
    earlier one left unparsed: nearly all values take the first or second format, so the
    other ~17 run on a handful (a coalesce ran all ~19 strptime passes on every value:
    ~2 s at a million records). A few values take the coalesce itself, in one query."""
    if values.len() <= ONE_QUERY_MAX:
        return (values.to_frame("v").lazy().select(v=_tidy(_V))
                .select(pl.coalesce(tries)).collect(engine="in-memory").to_series())
    frame = values.to_frame("v").select(v=_tidy(_V))
    out = frame.select(tries[0]).to_series()
    for attempt in tries[1:]:
        todo = (out.is_null() & frame["v"].is_not_null()).arg_true()
        if todo.len() == 0:
            break
        out = out.scatter(todo, frame[todo].select(attempt).to_series())
    return out


def _datetime_series(values: pl.Series) -> pl.Series:
    dt = pl.Datetime("us")
    tries = [_V.str.strptime(dt, f, strict=False) for f in _DATETIME_FORMATS]
    tries += [_V.str.strptime(pl.Date, f, strict=False).cast(dt) for f in _DATE_FORMATS]
    return _first_parse(values, tries)


def _date_series(values: pl.Series) -> pl.Series:
    tries = [_V.str.strptime(pl.Date, f, strict=False) for f in _DATE_FORMATS]
    tries += [
        _V.str.strptime(pl.Datetime("us"), f, strict=False).dt.date() for f in _DATETIME_FORMATS
    ]
    # "Jun 2018" / "June 2018" -> first of the month; "2017" -> 1 January (Positions, Education).
    tries += [
        ("1 " + _V).str.strptime(pl.Date, "%d %b %Y", strict=False),
        ("1 " + _V).str.strptime(pl.Date, "%d %B %Y", strict=False),
        pl.when(_V.str.contains(r"^\d{4}$")).then(
            ("1 Jan " + _V).str.strptime(pl.Date, "%d %b %Y", strict=False)
        ),
    ]
    return _first_parse(values, tries)


def parse_datetime(e: pl.Expr) -> pl.Expr:
    """LinkedIn timestamp (any known shape, dates as midnight) -> Datetime(us, UTC) or null."""
    return on_unique(e, _datetime_series, pl.Datetime("us")).dt.replace_time_zone("UTC")


def parse_date(e: pl.Expr) -> pl.Expr:
    """LinkedIn date, timestamp (its date part), `Mon YYYY` or `YYYY` -> Date or null."""
    return on_unique(e, _date_series, pl.Date)


_MONTHS = {
    m: i + 1
    for i, names in enumerate([
        "jan january", "feb february", "mar march", "apr april", "may", "jun june",
        "jul july", "aug august", "sep sept september", "oct october", "nov november",
        "dec december",
    ])
    for m in names.split()
}
# Birthday shapes, first match wins. Groups: y (year), m (month number), mon (month name), d.
_BIRTHDAY_PATTERNS = [
    # 19850415, 1985-04-15, 1604-08-20, 16040101; a time part is ignored (1953-10-15T23:10:00Z)
    r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})(?:[T\s].*)?$",
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T\s].*)?$",
    r"^--(?P<m>\d{2})-?(?P<d>\d{2})$",  # vCard 4 no-year --0415, --04-15
    r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$",  # Outlook 3/22/1980 (0/0/00 = empty)
    r"^(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})?$",  # German 1.4.1975
    # Mar 31, Feb 17, 1998, March 31st 1998
    r"(?i)^(?P<mon>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$",
    # 31 Mar 1985, 17-Feb-98
    r"(?i)^(?P<d>\d{1,2})(?:\.?\s+|-)(?P<mon>[a-z]{3,9})\.?(?:(?:,?\s+|-)(?P<y>\d{4}|\d{2}))?$",
]
BIRTHDAY = pl.Struct({"year": pl.Int32, "month": pl.Int32, "day": pl.Int32})


def birthday_series(values: pl.Series) -> pl.DataFrame:
    """Raw birthdays -> frame(year, month, day) of Int32; see :func:`birthday`."""
    none = pl.lit(None, pl.String)
    frame = values.to_frame("v").select(v=_tidy(_V), y=none, m=none, mon=none, d=none)
    for pattern in reversed(_BIRTHDAY_PATTERNS):  # reversed: the first pattern ends up on top
        frame = frame.with_columns(g=_V.str.extract_groups(pattern), hit=_V.str.contains(pattern))
        g, hit = pl.col("g").struct, pl.col("hit")
        frame = frame.with_columns(
            pl.when(hit).then(g.field(n) if f"?P<{n}>" in pattern else none)
            .otherwise(pl.col(n)).alias(n)
            for n in ("y", "m", "mon", "d")
        )
    frame = frame.with_columns(
        y=pl.col("y").cast(pl.Int32, strict=False),
        m=pl.coalesce(
            pl.col("m").cast(pl.Int32, strict=False),
            pl.col("mon").str.to_lowercase().replace_strict(
                _MONTHS, default=None, return_dtype=pl.Int32),
        ),
        d=pl.col("d").cast(pl.Int32, strict=False),
    )
    # Two-digit years as chrono reads them; 1604 (Apple, CardBook, outlook.com) and any other
    # year before 1800 mean "no year".
    y = pl.col("y")
    frame = frame.with_columns(
        y=pl.when(y < 100).then(pl.when(y >= 69).then(y + 1900).otherwise(y + 2000)).otherwise(y)
    ).with_columns(y=pl.when(y >= 1800).then(y))
    m, d = pl.col("m"), pl.col("d")
    leap = y.is_null() | ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days = (
        pl.when(m == 2).then(pl.when(leap).then(29).otherwise(28))
        .when(m.is_in([4, 6, 9, 11])).then(30)
        .otherwise(31)
    )
    ok = (m.is_between(1, 12) & d.is_between(1, days)).fill_null(False)
    return frame.select(
        year=pl.when(ok).then(y), month=pl.when(ok).then(m), day=pl.when(ok).then(d)
    ).cast(pl.Int32)


def birthday(e: pl.Expr) -> pl.Expr:
    """Raw birthday -> Struct{year, month, day} (Int32); year null when the source has none;
    all null when unparseable or not a calendar date. Runs on distinct values."""
    return on_unique(e, lambda d: birthday_series(d).to_struct("birthday"), BIRTHDAY)
