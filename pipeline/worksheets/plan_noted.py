"""Follow-ups your notes made due since the run, for `kith plan`.

The week's plan is the run's (worksheets/plan.csv): `kith note Bruno --next "send him my CV"`
or `--follow-up 2026-12-09` right after a run was in the plan only after the next run (user34,
user35), though the notes file said so already. The plan reads the notes file as it is now:
someone whose follow-up your notes and ledger make due this week, and whom the run did not
have due, is listed with the follow-ups, in the words the run's plan uses (plan._follow_ups,
over the rows the worksheets build: rows.base), "noted since the last run" before the why.
Nothing is written: the notes and the ledger are yours, and the next run makes it its plan.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline.notes import ledger as ledger_mod
from pipeline.notes.since_run import marked_do_not_contact
from pipeline.worksheets import plan as plan_mod
from pipeline.worksheets import rows as rows_mod

SINCE = "noted since the last run: "


def follow_ups(people: pl.DataFrame, notes: pl.DataFrame, entries: pl.DataFrame,
               run_as_of: dt.date, today: dt.date, rule, plan: pl.DataFrame) -> pl.DataFrame:
    """plan.csv's rows (plan.as_frame, and noted_due: the ISO date due) for the people your notes made due since the run:
    a follow-up date or a next step in the notes now, due by this week's end, not due by the
    run's week's end then, not marked do-not-contact. Someone the run's plan (`plan`, its
    plan.csv) lists among its follow-ups is listed too when your notes changed what to do
    ("Follow up" became "Follow up: thank him for the referral"), to take that item's place."""
    saying = (pl.col("follow_up").is_not_null()
              | (pl.col("next_step").cast(pl.String).fill_null("").str.strip_chars() != ""))
    wanted = notes.filter(saying).join(marked_do_not_contact(notes).to_frame(), on="person_id",
                                       how="anti")
    listed = followed_up(plan)
    was_due = pl.col("follow_up_due") <= plan_mod.week_end(run_as_of)
    in_plan = pl.col("person_id").is_in(listed["person_id"].implode())
    mine = people.filter(pl.col("person_id").is_in(wanted["person_id"].implode())
                         & (~was_due.fill_null(False) | in_plan))
    if mine.height == 0:
        return _none()
    live = ledger_mod.apply_to_people(mine, notes, entries, today, rule).unique(
        "person_id", keep="first", maintain_order=True)
    live = live.filter(pl.col("follow_up_due") <= plan_mod.week_end(today))
    if live.height == 0:
        return _none()
    rows = rows_mod.base(live, notes.unique("person_id", keep="first"),
                         ledger_mod.reciprocity(entries, today), today)
    rows = rows.with_columns(pl.lit(None, pl.String).alias("path_target")).sort(
        "follow_up_due", "sort_key")
    items = plan_mod.follow_up_items(rows, today)
    # the date it is due now (the run's people table has the one before your note)
    frame = plan_mod.as_frame([it | {"why": SINCE + it["why"]} for it in items]).with_columns(
        rows["follow_up_due"].cast(pl.String).alias("noted_due"))
    # a follow-up the run listed saying the same: the run's item stays
    return frame.join(listed, on=["person_id", "action"], how="anti", maintain_order="left")


def followed_up(plan: pl.DataFrame) -> pl.DataFrame:
    """(person_id, action) of the run's plan's follow-ups. Someone it lists in a later section
    (a warm path into a target) whom your notes made due since is a follow-up now: a person
    appears in the first section that wants them, and "send CV" noted for the recruiter at a
    target company was not in the plan, which told you to "ask what they need" (user38)."""
    section = plan_mod.TITLES["follow_up"]
    if not {"section", "person_id", "action"} <= set(plan.columns):  # no plan.csv
        return pl.DataFrame(schema={"person_id": pl.String, "action": pl.String})
    return plan.filter(pl.col("section").cast(pl.String) == section).select(
        pl.col("person_id", "action").cast(pl.String))


def first(plan: pl.DataFrame) -> pl.DataFrame:
    """The plan with the noted follow-ups (first) and the run's items: each person once."""
    return plan.unique("person_id", keep="first", maintain_order=True)


def _none() -> pl.DataFrame:
    return plan_mod.as_frame([]).with_columns(pl.lit(None, pl.String).alias("noted_due"))
