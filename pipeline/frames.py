"""Building frames of a schema's exact columns and types: :func:`empty`, :func:`conform`,
:func:`from_columns` and :class:`RowBuilder`.

Apart from pipeline.schema because they are code, not the tables: the schema module lists
every table kith writes, and these helpers work for any of them (they take the schema as an
argument). pipeline.schema re-exports them, so the ~150 calls written `schema.conform(...)`
and `schema.RowBuilder(...)` across kith read as they always have.
"""

from __future__ import annotations

import polars as pl


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select exactly `schema`'s columns in order, adding missing ones as typed nulls.

    Extra columns are an error: they mean a reader and the schema disagree.
    """
    have = frame.schema
    if list(have) == list(schema) and all(repr(have[c]) == repr(t) for c, t in schema.items()):
        # already conforming (about half the calls): a shallow copy, not a query of ~40 casts
        return frame.clone()
    extra = set(frame.columns) - set(schema)
    if extra:
        raise ValueError(f"columns not in schema: {sorted(extra)}")
    exprs = []
    for name, dtype in schema.items():
        if name in frame.columns:
            exprs.append(pl.col(name).cast(dtype))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(exprs)


def _arrow_type(dtype: pl.DataType):
    from pipeline.startup import pyarrow

    pa = pyarrow()

    if dtype == pl.List(pl.String):  # schema.LS
        return pa.large_list(pa.large_string())
    return {pl.Int64: pa.int64(), pl.Int32: pa.int32(), pl.Float64: pa.float64(),
            pl.Boolean: pa.bool_(), pl.Date: pa.date32()}.get(dtype, pa.large_string())


def from_columns(columns: dict[str, list], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Build a frame from column lists (as row builders collect them) and conform it.

    Through Arrow: polars' constructor from Python lists is ~30x slower for list columns."""
    from pipeline.startup import pyarrow

    pa = pyarrow()  # without pandas (pa.table(dict) would import it)
    arrays = [pa.array(v, type=_arrow_type(schema[k])) for k, v in columns.items()]
    frame = (pl.from_arrow(pa.Table.from_arrays(arrays, names=list(columns))) if arrays
             else pl.DataFrame())
    return conform(frame, schema)


class RowBuilder:
    """Collects rows column-wise: cheaper than a list of dicts for a million rows."""

    def __init__(self, schema: dict[str, pl.DataType]):
        self.schema = schema
        self.cols: dict[str, list] = {k: [] for k in schema}
        self.n = 0

    def add(self, **values) -> None:
        unknown = values.keys() - self.cols.keys()
        if unknown:
            raise KeyError(f"not in schema: {sorted(unknown)}")
        for k, col in self.cols.items():
            col.append(values.get(k))
        self.n += 1

    def frame(self) -> pl.DataFrame:
        return from_columns(self.cols, self.schema)
