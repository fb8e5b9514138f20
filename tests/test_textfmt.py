"""pipeline.textfmt.fmt gives what polars' format gives, also on the column shape that makes
polars 2.1's format panic (several chunks, one emptied by a filter: docs/adversarial31.md P1)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.textfmt import fmt


def _filtered_chunks(values: list[str | None], keep: list[bool]) -> pl.Series:
    """`values` as one chunk per value, filtered by `keep`: chunks a filter emptied remain."""
    parts = [pl.Series("o", [v], dtype=pl.String) for v in values]
    return pl.concat(parts, rechunk=False).filter(pl.Series(keep))


def test_a_filtered_column_of_several_chunks_is_formatted():
    s = _filtered_chunks(["review her CV", "my list of backend folks", "<b>share</b> notes"],
                         [False, True, True])
    assert s.n_chunks() == 3  # the shape polars' format panics on
    got = pl.DataFrame({"o": s}).select(fmt("you noted they offer: {}", "o")).to_series()
    assert got.to_list() == ["you noted they offer: my list of backend folks",
                             "you noted they offer: <b>share</b> notes"]


FRAME = pl.DataFrame({"s": ["a", None, "c{}c"], "i": [1, None, 3], "f": [1.5, 2.0, None],
                      "d": [dt.date(2025, 1, 2), None, dt.date(2026, 3, 4)]})


@pytest.mark.parametrize(("template", "args"), [
    ("x {} y", ("s",)), ("{}-{}", ("i", "s")), ("{} days", ("f",)), ("on {}", ("d",)),
    ("{}{}", ("s", "i")), ("a {} b {} c", (pl.col("i") // 2, pl.col("s").str.to_uppercase())),
    ("n {}", (pl.lit(3),)), ("w {}", (pl.when(pl.col("i") > 1).then(pl.col("s")),)),
    ("no slot", ()), ("series {}", (pl.Series("z", [7, 8, 9]),)),
])
def test_same_values_and_name_as_polars_format(template, args):
    expected = FRAME.select(pl.format(template, *args))  # noqa: TID251 - the reference
    assert FRAME.select(fmt(template, *args)).equals(expected)


@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=8),
       st.data())
def test_any_chunks_and_filter_give_the_rechunked_answer(values, data):
    keep = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    s = _filtered_chunks(values, keep)
    got = pl.DataFrame({"o": s}).select(fmt("<{}>", "o")).to_series().to_list()
    assert got == [None if v is None else f"<{v}>" for v, k in zip(values, keep, strict=True)
                   if k]


def test_slots_and_values_must_agree():
    with pytest.raises(ValueError, match="2 slots for 1 values"):
        fmt("{} and {}", "s")
