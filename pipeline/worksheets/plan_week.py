"""The week's plan, kept steady through its week.

The plan rotates (pipeline/worksheets/plan.py): a section's window starts at
`(week × size) mod n`, n being how many candidates it has. On its own, any change to n (one
person marked Done, a date typed, a new person due) moved the window, so Tuesday's plan
replaced most of the list printed on Monday (adversarial28, W14).

So each run records who its plan showed, per section, in the output folder (state/
plan_week.parquet, kith's own state: written into the run's folder and published with it,
so a crash leaves the previous run's record as it leaves the previous run). A later run
whose plan covers the same week keeps those people, in the order shown, while they are
still candidates of that section (still due, not marked do-not-contact, ...), and fills
freed places from the rotation. A run whose plan covers another week, a fresh home, or a
record kith cannot read starts the week afresh, as before.

The week is the one the plan covers (plan.week_end): a plan printed on Sunday for the
coming week is kept through that week.

A second record (state/plan_shown.parquet) keeps, per section, the weeks each person was
shown (the last two, for as long as kith keeps the output folder): the rotation (plan.rotate)
shows first the people a section never showed before the plan's week, then those it showed
longest ago. Only weeks before the plan's own count, so every run of a week, whatever it
kept, rotates from the same history. The week's window alone
repeated people whenever the number due crossed a multiple of the section's size (user36).
Lost or unreadable, it is started again: the window alone decides until it fills.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import polars as pl

from pipeline.errors import is_internal
from pipeline.worksheets import plan

log = logging.getLogger("kith")

REL = "state/plan_week"  # under the run's folder, + ".parquet"
VERSION = 1  # the record's own format: a schema bump elsewhere does not drop the week
SCHEMA = {"version": pl.Int32, "week": pl.Int64, "section": pl.String,
          "position": pl.Int32, "person_id": pl.String}
SHOWN_REL = "state/plan_shown"
SHOWN_SCHEMA = {"version": pl.Int32, "section": pl.String, "person_id": pl.String,
                "week": pl.Int64}


def week_of(as_of: dt.date) -> int:
    """The week a plan made on `as_of` covers (a weekend's plan covers the next week)."""
    return plan.week_number(plan.week_end(as_of))


def state(items: list[dict], as_of: dt.date) -> pl.DataFrame:
    """The record of a plan: each section's people in the order shown."""
    week = week_of(as_of)
    rows, count = [], dict.fromkeys(plan.LIMITS, 0)
    for item in items:
        section = item["section"]
        rows.append({"version": VERSION, "week": week, "section": section,
                     "position": count[section], "person_id": item["person_id"]})
        count[section] += 1
    return pl.DataFrame(rows, schema=SCHEMA)


def shown_since(previous: pl.DataFrame | None, plan_record: pl.DataFrame) -> pl.DataFrame:
    """The record of who each section showed when: `previous` (shown) with this plan's people
    (`plan_record`, state()) at its week; per section and person its last two weeks (the
    latest before a week's plan is all a run of that week reads)."""
    now = plan_record.select("version", "section", "person_id", "week").cast(SHOWN_SCHEMA)
    if previous is not None:
        now = pl.concat([previous, now]).unique(maintain_order=True)
    return (now.sort(["section", "person_id", "week"], descending=[False, False, True])
            .group_by("section", "person_id", maintain_order=True).head(2)
            .select(list(SHOWN_SCHEMA)).cast(SHOWN_SCHEMA))


def _read(path: Path, schema: dict, what: str) -> pl.DataFrame | None:
    """A record of kith's own; None when missing, damaged or of another version (warned)."""
    if not path.exists():
        return None
    try:
        frame = pl.read_parquet(path)
        if dict(frame.schema) != schema:
            raise ValueError("not this version's columns")
    except BaseException as exc:  # any damage means: start afresh
        if not is_internal(exc):  # a library's panic counts too
            raise
        log.warning("the plan's record of %s is unreadable (%s); it starts afresh.", what,
                    type(exc).__name__)
        return None
    return None if (frame["version"] != VERSION).any() else frame


def shown(current: Path) -> pl.DataFrame | None:
    """section, person_id, week: the last week each section of the plan showed each person,
    from the current run's folder (None: no readable record)."""
    return _read(current / f"{SHOWN_REL}.parquet", SHOWN_SCHEMA, "who it showed before")


def kept(current: Path, as_of: dt.date) -> dict[str, list[str]] | None:
    """Section -> person ids the plan of `as_of`'s week showed, from the current run's
    folder; None when that run's plan covered another week or left no readable record."""
    frame = _read(current / f"{REL}.parquet", SCHEMA, "this week")
    if frame is None or frame.height == 0 or (frame["week"] != week_of(as_of)).any():
        return None
    out: dict[str, list[str]] = {}
    for section, ids in (frame.sort("section", "position")
                         .group_by("section", maintain_order=True)
                         .agg("person_id").iter_rows()):
        out[section] = ids
    return out
