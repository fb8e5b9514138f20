"""The shared helpers: distinct-value mapping and the List explode/implode round trip."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import distinct_apply, explode_rows, implode_rows, on_unique

LISTS = st.lists(st.one_of(st.none(), st.lists(st.one_of(st.none(), st.sampled_from("abcd")),
                                               max_size=5)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(LISTS)
def test_explode_implode_round_trip(rows):
    s = pl.Series("x", rows, dtype=pl.List(pl.String))
    index, values = explode_rows(s)
    assert index.len() == values.len() == sum(len(r) for r in rows if r is not None)
    back = implode_rows(index, values, s.len(), dedupe=False).to_list()
    assert back == [[v for v in r if v is not None] if r is not None else [] for r in rows]
    unique = implode_rows(index, values, s.len()).to_list()
    assert unique == [list(dict.fromkeys(v for v in r if v is not None)) if r else []
                      for r in rows]


def test_implode_keep_mask_and_empty_rows():
    index = pl.Series([0, 0, 2, 2], dtype=pl.Int64)
    values = pl.Series(["a", "b", "c", "c"])
    keep = pl.Series([True, False, True, True])
    assert implode_rows(index, values, 4, keep=keep).to_list() == [["a"], [], ["c"], []]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["x", "y", "zz", ""])), max_size=20))
def test_distinct_apply_equals_direct_application(values):
    s = pl.Series("v", values, dtype=pl.String)
    calls: list[int] = []

    def fn(d: pl.Series) -> pl.Series:
        calls.append(d.len())
        return d.str.to_uppercase() + "!"

    assert distinct_apply(s, fn).to_list() == [None if v is None else v.upper() + "!"
                                               for v in values]
    assert calls == [len({v for v in values if v is not None})]
    frame = pl.DataFrame({"v": s}).select(on_unique(pl.col("v"), fn, pl.String))
    assert frame["v"].to_list() == [None if v is None else v.upper() + "!" for v in values]
