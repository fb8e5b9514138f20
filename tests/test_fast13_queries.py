"""Dates, pair scores and per-distinct-value steps of a small book in a fixed, small number of
polars queries where they ran one per step (docs/fast13.md): every owner of `kith batch`
pays each query ~0.2 ms of engine overhead whatever its rows. Same results as before."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import polars as pl
import pytest
from rapidfuzz.distance import OSA, JaroWinkler

from pipeline.dedupe import conflicts, similarity
from pipeline.formats import addressbook
from pipeline.normalize import (
    dates,
    distinct_apply,
    explode_rows,
    fold_series,
    implode_rows,
    phones,
)
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


def _reference(a: list, b: list, scorer, equal: float, same_start: bool = False) -> list:
    """Each row scored on its own: nulls 0, equal values `equal`, else the scorer."""
    out = []
    for x, y in zip(a, b, strict=True):
        if x is None or y is None:
            out.append(0.0)
        elif x == y:
            out.append(equal)
        elif same_start and x[:2] != y[:2]:
            out.append(0.0)
        else:
            out.append(float(pl.Series([scorer(x, y)], dtype=pl.Float32)[0]))
    return out


LEFT = ["acme", "acme", None, "globex", "initech", "acme", "umbrella", "", "hooli", "acme"]
RIGHT = ["acne", "acme", "acme", None, "initrode", "acne", "ubrella", "x", "hooli", "zenith"]


@pytest.mark.parametrize("same_start", [False, True])
def test_pair_scores_in_two_queries(queries, same_start):  # noqa: F811
    p = pl.DataFrame({"l": LEFT, "r": RIGHT}, schema={"l": pl.String, "r": pl.String})
    queries.clear()
    got = similarity.score_unique_pairs(p, "l", "r", same_start=same_start)
    assert len(queries) <= 2, queries
    assert got.dtype == pl.Float32 and got.len() == p.height
    assert got.to_list() == _reference(LEFT, RIGHT, JaroWinkler.normalized_similarity, 1.0,
                                       same_start)


def test_coded_pair_scores_in_two_queries(queries):  # noqa: F811
    strings = sorted({v for v in LEFT + RIGHT if v is not None})
    code = {v: i for i, v in enumerate(strings)}
    p = pl.DataFrame({"l": [code.get(v) for v in LEFT], "r": [code.get(v) for v in RIGHT]},
                     schema={"l": pl.UInt32, "r": pl.UInt32})
    values = pl.Series("v", strings, dtype=pl.String)
    queries.clear()
    got = similarity.score_unique_pairs(p, "l", "r", OSA.distance, equal=0.0, values=values)
    assert len(queries) <= 2, queries
    assert got.to_list() == _reference(LEFT, RIGHT, OSA.distance, 0.0)


def test_no_pairs_no_scores():
    p = pl.DataFrame({"l": [], "r": []}, schema={"l": pl.String, "r": pl.String})
    assert similarity.score_unique_pairs(p, "l", "r").to_list() == []


def test_name_scores_keep_their_rules():
    """A spelled-out umlaut scores JW_HIGH, two different numbers 0, a number against none is
    scored as usual (the name rules read the scores between the two queries)."""
    left = ["muller", "guest 3", "rober5", "anna", None]
    right = ["mueller", "guest 4", "robert", "anna", "anna"]
    strings = sorted(set(left + right) - {None})
    code = {v: i for i, v in enumerate(strings)}
    p = pl.DataFrame({"l": [code.get(v) for v in left], "r": [code.get(v) for v in right]},
                     schema={"l": pl.UInt32, "r": pl.UInt32})
    for values, frame in ((pl.Series(strings), p),
                          (None, pl.DataFrame({"l": left, "r": right}))):
        got = similarity.jw_on_unique(frame, "l", "r", values=values, same_digits=True,
                                      spelled_out=True).to_list()
        jw = pl.Series([JaroWinkler.normalized_similarity("rober5", "robert")],
                       dtype=pl.Float32)[0]
        assert got == [pytest.approx(similarity.JW_HIGH), 0.0, jw, 1.0, 0.0]


def test_distinct_apply_in_two_queries_around_its_function(queries):  # noqa: F811
    s = pl.Series("title", ["b", None, "a", "b", "c", "a", None])
    seen = []

    def shout(d: pl.Series) -> pl.Series:
        seen.append(sorted(d.to_list()))
        return pl.Series([x.upper() * 2 for x in d.to_list()], dtype=pl.String)

    queries.clear()
    got = distinct_apply(s, shout)
    assert len(queries) <= 2, queries
    assert seen == [["a", "b", "c"]]
    assert got.name == "title"
    assert got.to_list() == ["BB", None, "AA", "BB", "CC", "AA", None]


def test_distinct_apply_with_a_frame():
    s = pl.Series("n", [3, 1, 3, None])
    got = distinct_apply(s, lambda d: pl.DataFrame({"twice": d * 2, "neg": -d}))
    assert got.to_dicts() == [{"twice": 6, "neg": -3}, {"twice": 2, "neg": -1},
                              {"twice": 6, "neg": -3}, {"twice": None, "neg": None}]


def test_fold_in_two_queries(queries):  # noqa: F811
    s = pl.Series("name", ["Łukasz O'Brien", "Jean-Luc", "Straße 🎉", None, "  ", "Ørsted"])
    queries.clear()
    got = fold_series(s)
    assert len(queries) <= 2, queries
    assert got.to_list() == ["lukasz obrien", "jean luc", "strasse", None, None, "orsted"]


def test_explode_rows_in_one_query(queries):  # noqa: F811
    lists = pl.Series("xs", [["a", "b"], None, [], ["c", None], ["a"]])
    queries.clear()
    rows, elements = explode_rows(lists)
    assert len(queries) <= 1, queries
    assert rows.dtype == pl.Int64 and rows.to_list() == [0, 0, 3, 3, 4]
    assert elements.name == "xs" and elements.to_list() == ["a", "b", "c", None, "a"]


@pytest.mark.parametrize(("dedupe", "bound"), [(True, 2), (False, 1)])
def test_implode_rows_in_two_queries(queries, dedupe, bound):  # noqa: F811
    rows = pl.Series([0, 0, 0, 2, 3, 3, 3], dtype=pl.Int64)
    values = pl.Series("v", ["a", "b", "a", None, "c", "c", "d"])
    keep = pl.Series([True, True, True, True, True, None, True])
    queries.clear()
    got = implode_rows(rows, values, 5, dedupe=dedupe, keep=keep)
    assert len(queries) <= bound, queries
    assert got.name == "v" and got.dtype == pl.List(pl.String)
    assert got.to_list() == ([["a", "b"], [], [], ["c", "d"], []] if dedupe
                             else [["a", "b", "a"], [], [], ["c", "d"], []])


def test_phone_prekeys_in_three_queries(queries):  # noqa: F811
    raw = ["(415) 555-0134", " Mobile: 0049 30 1234 ext. 56 ", "9.17795E+11", None,
           "tel:+44 20 7946 0958;ext=7", "1-800-FLOWERS"]
    values = pl.Series("phones", raw)
    queries.clear()
    got = phones.prekeys(values)
    assert len(queries) <= 3, queries
    assert got.columns == ["raw", "key", "ext"]
    assert got.rows() == [
        ("(415) 555-0134", "4155550134", ""), ("Mobile: 0049 30 1234 ext. 56", "+49301234", "56"),
        ("9.17795E+11", None, ""), (None, None, ""),
        ("tel:+44 20 7946 0958;ext=7", "+442079460958", "7"), ("1-800-FLOWERS", "18003569377", "")]
    plain = pl.Series("phones", ["415 555 0134", None])
    queries.clear()
    assert phones.prekeys(plain)["key"].to_list() == ["4155550134", None]
    assert len(queries) <= 2, queries


def test_column_share_in_one_query(queries):  # noqa: F811
    frame = pl.DataFrame({"^mail$": ["a@x.org", None, "yes", "b＠y.jp", ""],
                          "none": [None] * 5}, schema={"^mail$": pl.String, "none": pl.String})
    queries.clear()
    assert addressbook._share(frame, "^mail$", "[@＠]") == 0.5
    assert addressbook._share(frame, "none", "[@＠]") == 0.0
    assert addressbook._share(frame.head(0), "^mail$", "[@＠]") == 0.0
    assert len(queries) <= 3, queries


def test_formal_typo_in_four_queries(queries):  # noqa: F811
    p = pl.DataFrame({"given_key_l": ["jonh", "jon", "anna", None, "katherin"],
                      "given_groups_r": [["john", "jonathan"], [], ["maria"], ["john"],
                                         None]},
                     schema={"given_key_l": pl.String, "given_groups_r": pl.List(pl.String)})
    queries.clear()
    got = conflicts._formal_typo(p, "given_key_l", "given_groups_r")
    assert len(queries) <= 4, queries
    assert got.dtype == pl.Boolean
    assert got.to_list() == [True, False, False, False, False]
