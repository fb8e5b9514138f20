"""The weekly window moves on by its size while the number due changes by a few (user36: the
window started at (week x size) mod n with week numbers counted from year 1, so when n went
from 26 to 25 the second week showed the first week's nine people again). Now it is the week's place in a
cycle of ceil(n / size) weeks."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pipeline.worksheets import plan


def _due(n: int) -> pl.DataFrame:
    return pl.DataFrame({"person_id": [f"p_{i:02d}" for i in range(n)]})


def _shown(n: int, size: int, week: int) -> list[str]:
    return plan.rotate(_due(n), size, week)["person_id"].head(size).to_list()


def test_a_week_later_with_one_fewer_due_shows_the_next_people():
    week = plan.week_number(dt.date(2026, 12, 7))
    # 26 due, then 25: the old start, (week x 9) mod n, was 6 both weeks: the same nine people
    first, second = _shown(26, 9, week), _shown(25, 9, week + 1)
    assert first == [f"p_{i:02d}" for i in range(9)]
    assert second == [f"p_{i:02d}" for i in range(9, 18)]


@given(st.integers(10, 300), st.integers(1, 12), st.integers(0, 200_000), st.integers(-3, 3))
def test_consecutive_weeks_of_one_cycle_do_not_repeat_anyone(n, size, week, change):
    """Two weeks whose cycle has the same length and whose windows do not wrap round share
    nobody, whatever the change in the number due."""
    m = max(1, n + change)
    cycle = -(-n // size)
    wraps = ((week % cycle) * size + size > n) or (((week + 1) % cycle) * size + size > m)
    if -(-m // size) != cycle or n <= size or m <= size or wraps:
        return  # another cycle's length, or a window that wraps round to the first people
    first, second = _shown(n, size, week), _shown(m, size, week + 1)
    assert not set(first) & set(second)
