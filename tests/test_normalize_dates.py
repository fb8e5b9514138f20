"""LinkedIn dates and timestamps, birthdays (golden tables and properties)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import dates as D

UTC = dt.UTC


def run(fn, values: list) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(fn(pl.col("v")))[
        "v"].to_list()


def bdays(values: list) -> list[tuple]:
    out = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(
        D.birthday(pl.col("v"))).unnest("v")
    return list(zip(out["year"], out["month"], out["day"], strict=True))


DATETIMES = [
    ("2024-12-16 18:24:37 UTC", dt.datetime(2024, 12, 16, 18, 24, 37, tzinfo=UTC)),
    ("2024/12/07 14:51:07 UTC", dt.datetime(2024, 12, 7, 14, 51, 7, tzinfo=UTC)),
    ("2024-06-17 06:01:43", dt.datetime(2024, 6, 17, 6, 1, 43, tzinfo=UTC)),
    ("1/8/18, 6:14 PM", dt.datetime(2018, 1, 8, 18, 14, tzinfo=UTC)),
    ("12/24/23, 05:28 AM", dt.datetime(2023, 12, 24, 5, 28, tzinfo=UTC)),
    ("11/26/24 01:32 PM UTC", dt.datetime(2024, 11, 26, 13, 32, tzinfo=UTC)),
    ("Sat Dec 14 08:57:55 UTC 2024", dt.datetime(2024, 12, 14, 8, 57, 55, tzinfo=UTC)),
    ("07 Feb 2026", dt.datetime(2026, 2, 7, tzinfo=UTC)),
    ("  07  Feb 2026 ", dt.datetime(2026, 2, 7, tzinfo=UTC)),
    ("junk", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "value"), DATETIMES)
def test_parse_datetime(raw, value):
    assert run(D.parse_datetime, [raw]) == [value]


DATES = [
    ("07 Feb 2026", dt.date(2026, 2, 7)),
    ("16 Mar 2021", dt.date(2021, 3, 16)),
    ("1/8/18, 6:14 PM", dt.date(2018, 1, 8)),
    ("23-Nov-21", dt.date(2021, 11, 23)),
    ("5-Jan-26", dt.date(2026, 1, 5)),
    ("18-Jun-24", dt.date(2024, 6, 18)),
    ("16.09.2021", dt.date(2021, 9, 16)),
    ("2024-12-16", dt.date(2024, 12, 16)),
    ("Feb 17, 1998", dt.date(1998, 2, 17)),
    ("Jun 2018", dt.date(2018, 6, 1)),  # Positions: first of the month
    ("September 2008", dt.date(2008, 9, 1)),
    ("2017", dt.date(2017, 1, 1)),
    ("2024-12-16 18:24:37 UTC", dt.date(2024, 12, 16)),
    ("NA", None),
    ("31 Feb 2020", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "value"), DATES)
def test_parse_date(raw, value):
    assert run(D.parse_date, [raw]) == [value]


BIRTHDAYS = [
    ("19850415", (1985, 4, 15)),
    ("1985-04-15", (1985, 4, 15)),
    ("--0415", (None, 4, 15)),
    ("--04-15", (None, 4, 15)),
    ("1604-08-20", (None, 8, 20)),  # Apple / CardBook "no year" sentinel
    ("16040101", (None, 1, 1)),
    ("1953-10-15T23:10:00Z", (1953, 10, 15)),
    ("19960415T201243+0400", (1996, 4, 15)),
    ("Mar 31", (None, 3, 31)),  # LinkedIn Profile 2024
    ("Feb 17, 1998", (1998, 2, 17)),
    ("3/22/1980", (1980, 3, 22)),  # Outlook
    ("1.4.1975", (1975, 4, 1)),  # German
    ("0/0/00", (None, None, None)),  # Outlook's empty date
    ("2000-02-29", (2000, 2, 29)),
    ("2001-02-29", (None, None, None)),  # not a date
    ("--02-29", (None, 2, 29)),  # no year: Feb 29 is possible
    ("1985-13-01", (None, None, None)),
    ("1985-04-31", (None, None, None)),
    ("circa 1800", (None, None, None)),
    ("70-7-14", (None, None, None)),
    ("", (None, None, None)),
    (None, (None, None, None)),
]


@pytest.mark.parametrize(("raw", "ymd"), BIRTHDAYS)
def test_birthday(raw, ymd):
    assert bdays([raw]) == [ymd]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30),
                          st.text(alphabet="0123456789-/.:TZ ,", max_size=20)), max_size=6))
def test_birthday_is_a_calendar_date_or_null(values):
    for year, month, day in bdays(values):
        if month is None:
            assert year is None and day is None
        else:
            dt.date(year if year is not None else 2000, month, day)  # raises when impossible


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1801, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_birthday_round_trips_iso_and_basic(day):
    assert bdays([day.isoformat(), day.strftime("%Y%m%d")]) == [(day.year, day.month, day.day)] * 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=6))
def test_dates_never_raise(values):
    assert len(run(D.parse_datetime, values)) == len(values)
    assert len(run(D.parse_date, values)) == len(values)


def _rendered(moment: dt.datetime, shape: int) -> str:
    """One of the shapes the formats name, for a strategy drawing dates in every shape."""
    shapes = [D._DATETIME_FORMATS[shape % len(D._DATETIME_FORMATS)],
              D._DATE_FORMATS[shape % len(D._DATE_FORMATS)], "%b %Y", "%B %Y", "%Y"]
    return moment.strftime(shapes[shape % len(shapes)])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.none(), st.text(max_size=12),
    st.builds(_rendered, st.datetimes(min_value=dt.datetime(1950, 1, 1),
                                      max_value=dt.datetime(2040, 12, 31)), st.integers(0, 60))),
    max_size=12))
def test_each_format_tried_on_the_rest_is_the_coalesce_of_all(values):
    """A format is tried only on values the earlier ones left unparsed: the same as trying
    every format on every value and taking the first that parses. Few values take that
    coalesce itself; the try-by-try path is checked with its threshold at 0."""
    with mock.patch.object(D, "ONE_QUERY_MAX", 0):
        _same_as_the_coalesce(values)
    _same_as_the_coalesce(values)


def _same_as_the_coalesce(values: list) -> None:
    series = pl.Series("v", values, dtype=pl.String)
    frame = series.to_frame().select(v=D._tidy(D._V))
    dt_us = pl.Datetime("us")
    for tries, parsed in (
            ([pl.col("v").str.strptime(dt_us, f, strict=False) for f in D._DATETIME_FORMATS]
             + [pl.col("v").str.strptime(pl.Date, f, strict=False).cast(dt_us)
                for f in D._DATE_FORMATS], D._datetime_series(series)),
            ([pl.col("v").str.strptime(pl.Date, f, strict=False) for f in D._DATE_FORMATS]
             + [pl.col("v").str.strptime(dt_us, f, strict=False).dt.date()
                for f in D._DATETIME_FORMATS]
             + [("1 " + pl.col("v")).str.strptime(pl.Date, "%d %b %Y", strict=False),
                ("1 " + pl.col("v")).str.strptime(pl.Date, "%d %B %Y", strict=False),
                pl.when(pl.col("v").str.contains(r"^\d{4}$")).then(
                    ("1 Jan " + pl.col("v")).str.strptime(pl.Date, "%d %b %Y", strict=False))],
             D._date_series(series))):
        assert parsed.to_list() == frame.select(pl.coalesce(tries)).to_series().to_list()
