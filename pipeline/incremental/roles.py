"""The roles of titles the current run classified, for the next run's tag stage.

A title's seniority and function (pipeline.enrich.roles) depend on the title and kith's own
word lists alone, so a run made by the same code (the fingerprint's "kith" part: version,
build and schema) may take them from the current run's tag people table and classify only
the titles it has not seen: on a night where 1% of the contacts changed, a few hundred
titles instead of every one (~1 s of the tag stage at 100,000 people).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline import refresh


def known_roles(out: Path, fingerprint: dict | None) -> pl.DataFrame | None:
    """(title, seniority, function) of the current run's tag people, one row per title; None
    when there is no current run, it was made by other code, or its table is unreadable
    (every title is then classified)."""
    current = refresh.current_fingerprint(out)
    if not current or not fingerprint or current.get("kith") != fingerprint.get("kith"):
        return None
    try:
        return pl.read_parquet(out / "current" / "stages" / "tag" / "people.parquet",
                               columns=["title", "seniority", "function"]).unique("title")
    except (OSError, pl.exceptions.PolarsError):
        return None
