"""A refresh where only the as-of date moved (the nightly run over unchanged exports).

What the tag stage computes from the as-of date: which interactions count (those dated after
it have not happened yet), and from those the activity columns (warmth, its reason in words,
dormant), then what ranks people by warmth (target paths, each company's warmest person). The
rest (networks, openings, organisations filled from e-mail domains, roles) depends on the
linked interactions, not on the date. So when no interaction is dated between the two as-of
dates, the linked interactions are the ones the last tag stage kept (stages/tag/linked), and
only the activity columns, the target paths and the companies are recomputed, with the tag
stage's own functions; everything else is the current run's. Any doubt (no previous as-of, no
linked table, an interaction inside the window) and the tag stage runs in full.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import polars as pl

from pipeline.enrich import companies as companies_mod
from pipeline.tagging import activity, evidence
from pipeline.tagging.stage import with_target_paths

log = logging.getLogger("kith")

LINKED_TABLE = "stages/tag/linked"  # relative to a run's folder, beside the tag stage tables


def _cutoff(day: dt.date) -> dt.datetime:
    """activity.link's bound: interactions at or after it are later than `day`."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def window_is_quiet(interactions: Path, before: dt.date, now: dt.date) -> bool:
    """No interaction is dated between the two as-of dates (so both link the same ones)."""
    low, high = sorted((before, now))
    try:
        at = pl.read_parquet(interactions, columns=["occurred_at"])["occurred_at"]
    except (OSError, pl.exceptions.PolarsError):
        return False
    inside = (at >= _cutoff(low)) & (at < _cutoff(high))
    return not inside.fill_null(False).any()


def linked_table(out: Path) -> pl.DataFrame | None:
    """The interactions the current run's tag stage linked (None: not kept, or unreadable)."""
    try:
        frame = pl.read_parquet(out / "current" / f"{LINKED_TABLE}.parquet")
    except (OSError, pl.exceptions.PolarsError):
        return None
    return frame if dict(frame.schema) == activity.LINKED else None


def previous_as_of(out: Path) -> dt.date | None:
    import json

    try:
        manifest = json.loads((out / "current" / "manifest.json").read_text("utf-8"))
        return dt.date.fromisoformat(manifest["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def redated(tag: dict[str, pl.DataFrame], linked: pl.DataFrame, records: pl.DataFrame,
            owner: pl.DataFrame, *, rules, targets: list, as_of: dt.date
            ) -> tuple[dict[str, pl.DataFrame], dict]:
    """The tag stage's tables for `as_of` from the current run's (`tag`), whose linked
    interactions are `linked`; the same as tagging.stage.tag computes from scratch."""
    people = activity.activity_columns(tag["people"], linked, rules, as_of)
    me = evidence.owner_facts(owner, rules.personal_domains)
    own_cards = evidence.owner_people(records, me)
    people, paths = with_target_paths(people, records, owner, targets, own_cards)
    firms = companies_mod.companies(people, records, targets, exclude=own_cards)
    stats = {"dormant": people.filter(pl.col("dormant")).height, "target_paths": paths.height}
    return {"people": people, "networks": tag["networks"], "targets": paths,
            "openings": tag["openings"], "companies": firms}, stats
