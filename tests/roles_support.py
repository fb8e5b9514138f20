"""One title's (seniority, function) from the role parser, for the table-driven role tests."""

import polars as pl

from pipeline.enrich.roles import classify


def roles(title: str) -> tuple[str, str]:
    row = classify(pl.Series([title])).row(0, named=True)
    return row["seniority"], row["function"]
