"""What every public labelled set's converter returns beside its CSV: the truth by row."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def row_truth(df: pl.DataFrame, target: Path, cluster: pl.Expr) -> pl.DataFrame:
    """(key, true_cluster): key is 'FILE#k' for the k-th data row written, as kith's
    records name it (source_file '#' source_row)."""
    return df.select(
        pl.concat_str(pl.lit(f"{target.name}#"), pl.int_range(pl.len()).cast(pl.String))
        .alias("key"),
        cluster.alias("true_cluster"),
    )
