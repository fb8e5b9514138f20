"""What every public labelled set's converter returns beside its CSV: the truth by row."""

from __future__ import annotations

import csv
from collections.abc import Callable
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


def write_google_csv(df: pl.DataFrame, target: Path, header: list[str],
                     to_row: Callable[[dict], dict], cluster: pl.Expr) -> tuple[Path, pl.DataFrame]:
    """Writes each row of `df` as `to_row` maps it onto Google CSV columns (missing ones
    empty); returns the file and its truth (:func:`row_truth`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in df.iter_rows(named=True):
            row = to_row(r)
            w.writerow([row.get(h) or "" for h in header])
    return target, row_truth(df, target, cluster)
