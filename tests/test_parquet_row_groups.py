"""A table's bytes do not depend on how its frame lies in memory (fast15: two 1M runs wrote
the people table with equal rows and other row groups, because polars cut row groups at the
frame's chunks, which a lazy query lays out differently from run to run)."""

from __future__ import annotations

import polars as pl
import pyarrow.parquet as pq

from pipeline.outputs import ROW_GROUP_ROWS, write_parquet


def _chunked(sizes: list[int]) -> pl.DataFrame:
    start, parts = 0, []
    for size in sizes:
        parts.append(pl.DataFrame({"person_id": [f"p_{i:07d}" for i in range(start, start + size)],
                                   "n": list(range(start, start + size))}))
        start += size
    return pl.concat(parts, rechunk=False)


def test_the_same_rows_in_other_chunks_give_the_same_bytes(tmp_path):
    one, other = _chunked([300_000, 500_000]), _chunked([400_000, 400_000])
    assert one.n_chunks() == 2 and one.equals(other)
    write_parquet(one, tmp_path / "a.parquet")
    write_parquet(other, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    meta = pq.ParquetFile(tmp_path / "a.parquet").metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sizes[:3] == [ROW_GROUP_ROWS] * 3 and sum(sizes) == 800_000
