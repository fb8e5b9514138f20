"""Dates of a small book parsed in one query where each format tried cost ~3 (docs/fast13.md):
~6 CPU-ms a call on polars 2.1, ~0.6 now. Same results as the format-by-format path, which
more than ONE_QUERY_MAX distinct values still take."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import polars as pl
import pytest

from pipeline.normalize import dates
from tests.test_small_book_queries import queries  # noqa: F401 (the counting fixture)

RAW_DATES = [
    "07 Feb 2026", "  07  Feb 2026 ", "2024-12-16", "Feb 17, 1998", "September 17, 1998",
    "17 September 1998", "23-Nov-21", "5-Jan-2026", "16.09.2021", "09/16/2021", "2021/09/16",
    "2024-12-16 18:24:37 UTC", "2024/12/07 14:51:07 UTC", "2024-06-17 06:01:43",
    "2024-06-17T06:01:43Z", "2024-06-17T06:01:43", "1/8/18, 6:14 PM", "11/26/24 01:32 PM UTC",
    "11/26/24 01:32 PM", "Sat Dec 14 08:57:55 UTC 2024", "Jun 2018", "September 2008", "2017",
    "31 Feb 2020", "NA", "junk", "", None, "07 Feb 2026",
]


def _try_by_try(fn, values: pl.Series) -> list:
    """The values parsed one format at a time on the values the earlier ones left (the path
    of more than ONE_QUERY_MAX distinct values)."""
    with mock.patch.object(dates, "ONE_QUERY_MAX", 0):
        return fn(values).to_list()


@pytest.mark.parametrize("fn", [dates._date_series, dates._datetime_series])
def test_dates_parse_in_one_query(queries, fn):  # noqa: F811
    values = pl.Series("v", RAW_DATES, dtype=pl.String)
    queries.clear()
    got = fn(values)
    assert len(queries) <= 1, queries
    assert got.to_list() == _try_by_try(fn, values)


def test_dates_known_values():
    values = pl.Series("v", ["Jun 2018", "2017", "1/8/18, 6:14 PM", "16.09.2021", "NA", None])
    assert dates._date_series(values).to_list() == [
        dt.date(2018, 6, 1), dt.date(2017, 1, 1), dt.date(2018, 1, 8), dt.date(2021, 9, 16),
        None, None]
    assert dates._datetime_series(values).to_list()[2:4] == [
        dt.datetime(2018, 1, 8, 18, 14), dt.datetime(2021, 9, 16)]
