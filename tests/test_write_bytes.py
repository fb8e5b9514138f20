"""Equal tables give equal bytes, whatever the frame's history (pipeline.outputs.write_parquet).

A list column filtered or sliced from a larger one keeps the larger one's values buffer, and
polars' writer cut its pages by that buffer: two runs of a million records wrote ingest's
contacts table (made from parts read in parallel) with the same rows in other bytes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.outputs import canonical_lists, write_parquet
from pipeline.textfmt import fmt

_value = st.one_of(st.none(), st.text(max_size=12))
_row = st.fixed_dictionaries({
    "name": _value,
    "emails": st.one_of(st.none(), st.lists(st.text(max_size=30), max_size=4)),
    "n": st.integers(-5, 5)})


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"name": pl.String, "emails": pl.List(pl.String),
                                      "n": pl.Int64})


def _pages(size: int) -> pl.DataFrame:
    """A frame whose list column spans several data pages (a page holds ~1 MB)."""
    i = pl.int_range(size)
    return pl.select(id=i, emails=pl.concat_list(fmt("person{}@example{}.org", i, i % 97),
                                                 fmt("p{}@mail.example", i)))


def test_a_filtered_list_column_is_written_as_the_same_rows_fresh(tmp_path: Path):
    whole = _pages(60_000)
    bigger = pl.concat([_pages(60_000).with_columns(pl.col("id") + 60_000), whole,
                        _pages(60_000)], rechunk=True)
    cut = bigger.slice(60_000, 60_000)
    picked = bigger.filter(pl.int_range(pl.len()).is_between(60_000, 119_999))
    assert cut.equals(whole) and picked.equals(whole)
    paths = [tmp_path / f"{i}.parquet" for i in range(3)]
    for frame, path in zip((whole, cut, picked), paths, strict=True):
        write_parquet(frame, path)
    assert paths[0].read_bytes() == paths[1].read_bytes() == paths[2].read_bytes()
    assert pl.read_parquet(paths[2]).equals(whole)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_row, max_size=30), st.lists(_row, max_size=10), st.lists(_row, max_size=10),
       st.integers(0, 30))
def test_equal_rows_in_equal_chunks_give_equal_bytes(tmp_path, rows, before, after, cut):
    """The same rows, cut into the same chunks, once built fresh and once filtered out of a
    larger frame: the same file, and the rows read back unchanged."""
    cut = min(cut, len(rows))
    fresh = pl.concat([_frame(rows[:cut]), _frame(rows[cut:])], rechunk=False)
    larger = _frame(before + rows + after)
    inner = larger.slice(len(before), len(rows))
    kept = pl.concat([inner.slice(0, cut), inner.slice(cut)], rechunk=False)
    assert canonical_lists(kept).equals(kept)
    write_parquet(fresh, tmp_path / "a.parquet")
    write_parquet(kept, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert pl.read_parquet(tmp_path / "b.parquet").equals(_frame(rows))


def test_a_list_made_null_by_a_condition_is_written_as_the_same_rows_fresh(tmp_path: Path):
    """`when/then` leaves a null list's values in the buffer and the writer wrote them: equal
    frames of 100,000 rows gave other bytes (found by the suitefast round)."""
    size = 100_000
    i = pl.int_range(size)
    made_null = pl.select(emails=pl.when(i % 3 > 0).then(
        pl.concat_list(pl.lit("a@example.org"), fmt("p{}@mail.example", i))))
    fresh = pl.DataFrame({"emails": made_null["emails"].to_list()}, schema=made_null.schema)
    assert made_null.equals(fresh) and made_null["emails"].null_count() == 33_334
    write_parquet(made_null, tmp_path / "a.parquet")
    write_parquet(fresh, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert pl.read_parquet(tmp_path / "a.parquet").equals(fresh)
